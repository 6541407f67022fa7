import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';
import { RECIPIENT_STATUSES, type RecipientStatus } from './mailer-enums';

/**
 * The send ledger: one row per (campaign, supporter), frozen when the campaign starts. The table
 * has no foreign key to `campaigns` (freezing a million rows does not check each one) and a
 * fillfactor of 40, so status updates stay on their page (migrations 1764710000000/1).
 */
@Entity('campaign_recipients')
@Unique('campaign_recipients_supporter_campaign_key', ['supporterId', 'campaignId'])
@Check('campaign_recipients_status_check', oneOf('status', RECIPIENT_STATUSES))
@Index('campaign_recipients_batch', ['campaignId', 'batchSeq'])
export class CampaignRecipient {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') campaignId!: string;
  @Column('uuid') supporterId!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) firstName!: string | null;
  @Column('int', { nullable: true }) batchSeq!: number | null;
  @Column('text') status!: RecipientStatus;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
  @Column('timestamptz', { nullable: true }) lastEventAt!: Date | null;
}
