import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';
import { Campaign } from './campaign.entity';
import { BATCH_STATUSES, type BatchStatus } from './mailer-enums';

/** Up to 1,000 recipients sent in one provider request; unique per (campaign, seq). */
@Entity('campaign_batches')
@Unique('campaign_batches_campaign_id_seq_key', ['campaignId', 'seq'])
@Check('campaign_batches_status_check', oneOf('status', BATCH_STATUSES))
@Index('campaign_batches_unfinished', ['campaignId', 'status'], {
  where: `status IN ('pending', 'sending', 'uncertain')`,
})
export class CampaignBatch {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid')
  @ForeignKey(() => Campaign, { name: 'campaign_batches_campaign_id_fkey' })
  campaignId!: string;
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
