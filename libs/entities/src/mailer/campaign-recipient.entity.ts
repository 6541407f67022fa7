import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { RecipientStatus } from './mailer-enums';

/** The send ledger: one row per (campaign, supporter), frozen when the campaign starts. */
@Entity('campaign_recipients')
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
