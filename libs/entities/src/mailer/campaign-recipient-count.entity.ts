import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { RecipientStatus } from './mailer-enums';

/**
 * A change in how many of a campaign's recipients are in one status: appended by statement
 * triggers on `campaign_recipients` (migration 1765900000000), never updated. A campaign's count
 * in a status is the sum of its rows; the mailer folds them into one row per status now and then.
 */
@Entity('campaign_recipient_counts')
@Index('campaign_recipient_counts_campaign', ['campaignId'])
export class CampaignRecipientCount {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid') campaignId!: string;
  @Column('text') status!: RecipientStatus;
  @Column('int') n!: number;
}
