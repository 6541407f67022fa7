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
@Index('campaign_batches_sending_lease', ['leaseExpiresAt'], { where: `status = 'sending'` })
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
  /** While `sending`: the claim that owns it, and until when unless renewed (a dead owner stops renewing). */
  @Column('text', { nullable: true }) leaseOwner!: string | null;
  @Column('timestamptz', { nullable: true }) leaseExpiresAt!: Date | null;
  /** The SendGrid `batch_id` its request carried (MAIL_SEND_DELAY_MINUTES > 0). */
  @Column('text', { nullable: true }) sendBatchId!: string | null;
  /** How many times a cancelled SendGrid batch id sent it out again (numbers its job id). */
  @Column('int', { default: 0 }) generation!: number;
}
