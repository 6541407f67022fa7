import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { oneOf } from '../schema/check';
import { RECURRING_STATUSES, type RecurringStatus } from './donation-enums';

/**
 * A monthly gift (a Stripe subscription). Owned by the donations app.
 * Indexes named with `synchronize: false` are ones TypeORM cannot describe; the migrations define them.
 */
@Entity('recurring_donations')
@Unique('recurring_donations_stripe_subscription_id_key', ['stripeSubscriptionId'])
@Unique('recurring_donations_stripe_checkout_session_id_key', ['stripeCheckoutSessionId'])
@Check('recurring_donations_amount_check', 'amount >= 0')
@Check('recurring_donations_status_check', oneOf('status', RECURRING_STATUSES))
@Check('recurring_donations_donor_link_version_check', 'donor_link_version > 0')
@Index('recurring_donations_supporter', ['supporterId'])
// (created_at DESC, id DESC): the newest-first list and its cursor.
@Index('recurring_donations_created_at_id', { synchronize: false })
// (lower(email)): finding a donor's monthly gifts by address.
@Index('recurring_donations_email_lower', { synchronize: false })
// GIN over the array of the gift's Stripe ids, for erased donors only.
@Index('recurring_donations_forgotten_stripe_ids', { synchronize: false })
export class RecurringDonation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') stripeSubscriptionId!: string;
  @Column('text', { nullable: true }) stripeCustomerId!: string | null;
  @Column('text', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) donorName!: string | null;
  /** The donor was erased: later Stripe events do not fill their address and name in again. */
  @Column('timestamptz', { nullable: true }) donorForgottenAt!: Date | null;
  /** The version donor links must name to work: moved on by every change made through one, and by erasure. */
  @Column('int', { default: 1 }) donorLinkVersion!: number;
  @Column('int') amount!: number;
  /** ISO 4217, upper case. */
  @Column('char', { length: 3 }) currency!: string;
  @Column('text') status!: RecurringStatus;
  @Column('boolean', { default: false }) cancelAtPeriodEnd!: boolean;
  @Column('text', { nullable: true }) campaign!: string | null;
  @Column('timestamptz', { nullable: true }) currentPeriodEnd!: Date | null;
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  /** Stripe `created` of the last subscription event applied, so an older event never overwrites a newer one. */
  @Column('timestamptz', { nullable: true }) statusEventAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
