import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RecurringStatus } from './donation-enums';

/** A monthly gift (a Stripe subscription). Owned by the donations app. */
@Entity('recurring_donations')
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
  @Column('text') currency!: string;
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
