import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SubscriptionStatus } from './subscription-status';

/** A supporter's newsletter subscription (at most one each). Owned by the subscribers app. */
@Entity('newsletter_subscriptions')
export class NewsletterSubscription {
  @PrimaryColumn('uuid') supporterId!: string;
  @Column('text') status!: SubscriptionStatus;
  @Column('timestamptz', { nullable: true }) confirmationSentAt!: Date | null;
  @Column('timestamptz', { nullable: true }) requestedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) confirmedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) unsubscribedAt!: Date | null;
  @Column('text', { nullable: true }) source!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
