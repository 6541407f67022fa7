import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from './subscription-status';
import { Supporter } from './supporter.entity';

/** A supporter's newsletter subscription (at most one each). Owned by the subscribers app. */
@Entity('newsletter_subscriptions')
@Check('newsletter_subscriptions_status_check', oneOf('status', SUBSCRIPTION_STATUSES))
@Index('newsletter_subscriptions_status', ['status', 'confirmedAt'])
@Index('newsletter_subscriptions_confirmed_at', ['confirmedAt'])
@Index('newsletter_subscriptions_unsubscribed_at', ['unsubscribedAt'], {
  where: 'unsubscribed_at IS NOT NULL',
})
export class NewsletterSubscription {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Supporter, { name: 'newsletter_subscriptions_supporter_id_fkey' })
  supporterId!: string;
  @Column('text') status!: SubscriptionStatus;
  @Column('timestamptz', { nullable: true }) confirmationSentAt!: Date | null;
  @Column('timestamptz', { nullable: true }) requestedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) unsubscribedAt!: Date | null;
  @Column('text', { nullable: true }) source!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
