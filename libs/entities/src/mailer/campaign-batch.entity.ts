import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { BatchStatus } from './mailer-enums';

/** Up to 1,000 recipients sent in one provider request; unique per (campaign, seq). */
@Entity('campaign_batches')
export class CampaignBatch {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') campaignId!: string;
  @Column('int') seq!: number;
  @Column('text') status!: BatchStatus;
  @Column('int') recipientCount!: number;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  /** Made by "retry failed" or "resend uncertain": its recipients' eligibility is checked again. */
  @Column('boolean', { default: false }) requeued!: boolean;
}
