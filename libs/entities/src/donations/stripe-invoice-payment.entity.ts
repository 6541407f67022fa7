import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which payment paid a Stripe invoice (from `invoice_payment.paid`), kept whatever order the
 * invoice's events arrive in, so an instalment recorded later still finds its charge.
 * Owned by the donations app.
 */
@Entity('stripe_invoice_payments')
export class StripeInvoicePayment {
  @PrimaryColumn('text') stripeInvoiceId!: string;
  @Column('text', { nullable: true }) stripePaymentIntentId!: string | null;
  @Column('text', { nullable: true }) stripeChargeId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
