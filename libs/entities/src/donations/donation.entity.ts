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
import { oneOf } from '../schema/check';
import {
  DONATION_FREQUENCIES,
  DONATION_METHODS,
  DONATION_STATUSES,
  type DonationFrequency,
  type DonationMethod,
  type DonationStatus,
} from './donation-enums';
import { GiftAidDeclaration } from './gift-aid-declaration.entity';
import { RecurringDonation } from './recurring-donation.entity';

/**
 * One gift, or one monthly instalment. Owned by the donations app. Money in minor units.
 *
 * Statement triggers (`supporter_giving_*`) keep `supporter_giving` equal to the counted gifts.
 * Indexes TypeORM cannot describe (INCLUDE columns, descending keys, expressions) are named with
 * `synchronize: false`: the migrations define them and the schema builder leaves them alone.
 */
@Entity('donations')
// Stripe ids: unique among the gifts that have one (an offline gift has none; upserts name the condition).
@Index('donations_stripe_checkout_session_id_key', ['stripeCheckoutSessionId'], {
  unique: true,
  where: 'stripe_checkout_session_id IS NOT NULL',
})
@Index('donations_stripe_payment_intent_id_key', ['stripePaymentIntentId'], {
  unique: true,
  where: 'stripe_payment_intent_id IS NOT NULL',
})
@Index('donations_stripe_invoice_id_key', ['stripeInvoiceId'], {
  unique: true,
  where: 'stripe_invoice_id IS NOT NULL',
})
@Index('donations_stripe_charge_id_key', ['stripeChargeId'], {
  unique: true,
  where: 'stripe_charge_id IS NOT NULL',
})
// An offline gift's idempotency key and an imported gift's key: unique among the gifts that have one.
@Index('donations_idempotency_key_key', ['idempotencyKey'], {
  unique: true,
  where: 'idempotency_key IS NOT NULL',
})
@Index('donations_import_key_key', ['importKey'], { unique: true, where: 'import_key IS NOT NULL' })
@Check('donations_amount_check', 'amount >= 0')
@Check('donations_fee_amount_check', 'fee_amount >= 0')
@Check('donations_refunded_amount_check', 'refunded_amount >= 0')
@Check('donations_frequency_check', oneOf('frequency', DONATION_FREQUENCIES))
@Check('donations_status_check', oneOf('status', DONATION_STATUSES))
@Check('donations_method_check', oneOf('method', DONATION_METHODS))
// Gifts with a supporter, with a campaign: no statement looks for a null in these.
@Index('donations_supporter_paid', ['supporterId', 'paidAt'], { where: 'supporter_id IS NOT NULL' })
@Index('donations_paid_at', ['paidAt'])
@Index('donations_campaign', ['campaign'], { where: 'campaign IS NOT NULL' })
@Index('donations_recurring', ['recurringDonationId'], { where: 'recurring_donation_id IS NOT NULL' })
@Index('donations_subscription', ['stripeSubscriptionId'], { where: 'stripe_subscription_id IS NOT NULL' })
@Index('donations_gift_aid', ['giftAidDeclarationId'], { where: 'gift_aid_declaration_id IS NOT NULL' })
// Gifts of an import written with no supporter but an address: the donors handed to the subscribers
// app (a retried import's sweep). Not on notified_at, so stamping a gift notified can be heap-only.
@Index('donations_import_unannounced', ['importId'], {
  where: 'import_id IS NOT NULL AND supporter_id IS NULL AND email IS NOT NULL',
})
// (created_at DESC, id DESC): the newest-first list and its cursor.
@Index('donations_created_at_id', { synchronize: false })
// (lower(email)) WHERE email IS NOT NULL: finding a donor's gifts by address.
@Index('donations_email_lower', { synchronize: false })
// (paid_at) INCLUDE (supporter_id, amount, refunded_amount) WHERE counted and with a supporter.
@Index('donations_counted_paid', { synchronize: false })
// GIN over the array of the gift's Stripe ids, for erased donors only.
@Index('donations_forgotten_stripe_ids', { synchronize: false })
export class Donation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) donorName!: string | null;
  /** The donor was erased: later Stripe events do not fill their address and name in again. */
  @Column('timestamptz', { nullable: true }) donorForgottenAt!: Date | null;
  @Column('int') amount!: number;
  @Column('int', { default: 0 }) feeAmount!: number;
  /** ISO 4217, upper case. */
  @Column('char', { length: 3 }) currency!: string;
  @Column('text') frequency!: DonationFrequency;
  @Column('text') status!: DonationStatus;
  @Column('int', { default: 0 }) refundedAmount!: number;
  @Column('text', { nullable: true }) disputeStatus!: string | null;
  @Column('text', { nullable: true }) campaign!: string | null;
  @Column('text', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @Column('text', { nullable: true }) stripePaymentIntentId!: string | null;
  @Column('text', { nullable: true }) stripeInvoiceId!: string | null;
  @Column('text', { nullable: true }) stripeChargeId!: string | null;
  /** Set on monthly instalments, so an invoice seen before its checkout session still finds its gift. */
  @Column('text', { nullable: true }) stripeSubscriptionId!: string | null;
  @Column('uuid', { nullable: true })
  @ForeignKey(() => RecurringDonation, { name: 'donations_recurring_donation_id_fkey' })
  recurringDonationId!: string | null;
  @Column('uuid', { nullable: true })
  @ForeignKey(() => GiftAidDeclaration, { name: 'donations_gift_aid_declaration_id_fkey' })
  giftAidDeclarationId!: string | null;
  @Column('timestamptz', { nullable: true }) paidAt!: Date | null;
  /** When the donor fact and receipt were queued (once per donation). */
  @Column('timestamptz', { nullable: true }) notifiedAt!: Date | null;
  /** `stripe`, or how an offline or third-party gift was paid. */
  @Column('text', { default: 'stripe' }) method!: DonationMethod;
  /** Cheque number, bank reference or the platform's donation id. */
  @Column('text', { nullable: true }) reference!: string | null;
  /** Offline gifts: whether Gift Aid may be claimed on it (NULL for Stripe: the checkout's declaration decides). */
  @Column('boolean', { nullable: true }) giftAidApplies!: boolean | null;
  /** `POST /donations`' Idempotency-Key: a retried request finds the gift it recorded. */
  @Column('text', { nullable: true }) idempotencyKey!: string | null;
  /** What a gifts import recognises the gift by, so a file uploaded twice adds it once. */
  @Column('text', { nullable: true }) importKey!: string | null;
  /** The gifts import that added it (`donation_imports`; no foreign key, see migration 1766000000000). */
  @Column('uuid', { nullable: true }) importId!: string | null;
  /** The staff member or token that entered or imported an offline gift. */
  @Column('text', { nullable: true }) recordedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
