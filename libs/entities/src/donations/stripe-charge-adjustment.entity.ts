import { Check, Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Refund and dispute facts of one Stripe charge, recorded per charge rather than on the donation so
 * they apply whenever the donation they belong to is recorded (a refund can arrive before its
 * payment). Stripe reports the cumulative refunded amount, so the largest seen is the truth.
 * Owned by the donations app.
 */
@Entity('stripe_charge_adjustments')
@Check('stripe_charge_adjustments_amount_refunded_check', 'amount_refunded >= 0')
@Index('stripe_charge_adjustments_payment_intent', ['stripePaymentIntentId'])
export class StripeChargeAdjustment {
  @PrimaryColumn('text') stripeChargeId!: string;
  @Column('text', { nullable: true }) stripePaymentIntentId!: string | null;
  /** Minor units, cumulative. */
  @Column('int', { default: 0 }) amountRefunded!: number;
  @Column('text', { nullable: true }) disputeStatus!: string | null;
  /** Stripe `created` of the dispute event applied, so an older one never replaces a newer one. */
  @Column('timestamptz', { nullable: true }) disputeEventAt!: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
