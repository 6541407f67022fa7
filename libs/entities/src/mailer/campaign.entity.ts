import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintNumber } from '../schema/bigint-number';
import { oneOf } from '../schema/check';
import { NEWSLETTER_TOPIC_ID, Topic } from '../supporters/topic.entity';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './mailer-enums';

/** A newsletter or appeal sent to a segment. Owned by the mailer app. */
@Entity('campaigns')
@Check('campaigns_status_check', oneOf('status', CAMPAIGN_STATUSES))
@Check('campaigns_check', 'html IS NOT NULL OR markdown IS NOT NULL')
@Index('campaigns_status', ['status'])
// One instance of a recurring campaign per run time.
@Index('campaigns_recurring_run', ['parentCampaignId', 'scheduledAt'], {
  unique: true,
  where: 'parent_campaign_id IS NOT NULL',
})
export class Campaign {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') subject!: string;
  @Column('text', { nullable: true }) html!: string | null;
  @Column('text', { nullable: true }) markdown!: string | null;
  @Column('text', { nullable: true }) fromName!: string | null;
  @Column('text', { nullable: true }) replyTo!: string | null;
  @Column('uuid') segmentId!: string;
  /** The topic it is sent for: only supporters on it receive it (Newsletter unless chosen). */
  @Column('uuid', { default: () => `'${NEWSLETTER_TOPIC_ID}'` })
  @ForeignKey(() => Topic, { name: 'campaigns_topic_id_fkey' })
  topicId!: string;
  @Column('text') status!: CampaignStatus;
  @Column('timestamptz', { nullable: true }) scheduledAt!: Date | null;
  /** A cron expression: each run becomes its own campaign instance with `parentCampaignId` set. */
  @Column('text', { nullable: true }) cron!: string | null;
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Campaign, { name: 'campaigns_parent_campaign_id_fkey' })
  parentCampaignId!: string | null;
  /** SendGrid open and click tracking for this email (MAIL_TRACKING=false turns both off everywhere). */
  @Column('boolean', { default: true }) trackOpens!: boolean;
  @Column('boolean', { default: true }) trackClicks!: boolean;
  /**
   * What the subscribers app was last told (`record-audience-use`): whether this campaign relies on
   * `audienceSegmentId`, as change number `audienceVersion`; `audiencePublishedVersion` is the last
   * change whose job was queued. Written only by the mailer's audience-use statements, never saved.
   */
  @Column({ type: 'boolean', default: false, insert: false, update: false }) audienceInUse!: boolean;
  @Column({ type: 'uuid', nullable: true, insert: false, update: false }) audienceSegmentId!: string | null;
  @Column({ type: 'bigint', default: 0, insert: false, update: false, transformer: bigintNumber })
  audienceVersion!: number;
  @Column({ type: 'bigint', default: 0, insert: false, update: false, transformer: bigintNumber })
  audiencePublishedVersion!: number;
  /** The SendGrid `batch_id` its requests carry now (MAIL_SEND_DELAY_MINUTES > 0); replaced after a cancel. */
  @Column({ type: 'text', nullable: true, insert: false, update: false }) sendBatchId!: string | null;
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
