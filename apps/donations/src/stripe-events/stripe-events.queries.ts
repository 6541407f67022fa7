import { runSql, type Sql, sql, type SqlExecutor } from '@crm/sql';
import {
  type DonationFrequency,
  type RecurringStatus,
  StripeChargeAdjustment,
  StripeInvoicePayment,
} from '@crm/entities';
import type { EntityManager } from 'typeorm';
import type { ChargeRef } from './charge-adjustments';
import type { DonorMarketingChoice } from '../donate-page/marketing-metadata';

/*
 * Every statement that records what Stripe tells us. Each is an upsert or a guarded update keyed
 * by Stripe ids, so the same event applied twice, or events applied in any order, converge.
 */

// ---------------------------------------------------------------------------------------------
// Donations: one row per payment

export type PaymentStatus = 'pending' | 'succeeded' | 'failed';

export interface PaymentFacts {
  /** The Stripe id this payment is known by first: the session for one-off gifts, the invoice for instalments. */
  key: 'stripe_checkout_session_id' | 'stripe_invoice_id';
  checkoutSessionId: string | null;
  invoiceId: string | null;
  subscriptionId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  recurringDonationId: string | null;
  email: string | null;
  donorName: string | null;
  amount: number;
  feeAmount: number;
  currency: string;
  frequency: DonationFrequency;
  status: PaymentStatus;
  campaign: string | null;
  paidAt: number | null;
  /** The donor of the monthly gift this pays was erased: the payment is recorded without their email or name. */
  donorForgotten?: boolean;
}

/** The donation as recorded, with what the downstream messages need. */
export interface RecordedDonation {
  id: string;
  status: string;
  notified: boolean;
  email: string | null;
  donor_name: string | null;
  recurring_donation_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  /** A refund or dispute is on record for its payment, to be applied (see charge-adjustments). */
  adjusted: boolean;
  /** Not a column: the donor's marketing choice on the donate page, from the completed session. */
  marketing?: DonorMarketingChoice | null;
}

/**
 * Records a payment as one donation, keyed by its Stripe id so that the same payment seen through
 * several events (a session and its first invoice, a redelivery) is one row. A settled status is
 * never taken back to pending; ids and donor facts only fill gaps, and never those of an erased donor.
 */
export async function upsertDonation(db: EntityManager, facts: PaymentFacts): Promise<RecordedDonation> {
  return (await upsertDonations(db, facts.key, [facts]))[0]!;
}

/**
 * Several payments known by the same kind of Stripe id (`key`), recorded as upsertDonation records
 * one, in one statement; answers in the order given. Two of them with the same id in one call are
 * refused by PostgreSQL (a row cannot be changed twice by one statement), so nothing is recorded.
 */
export async function upsertDonations(
  db: EntityManager,
  key: PaymentFacts['key'],
  payments: PaymentFacts[],
): Promise<RecordedDonation[]> {
  const column = <T>(value: (facts: PaymentFacts) => T, cast: string): Sql =>
    sql.typed(payments.map(value), cast);
  const forgotten = (facts: PaymentFacts): boolean => facts.donorForgotten === true;
  const { rows } = await runSql<RecordedDonation & { key: string }>(
    db,
    sql`INSERT INTO donations AS d (email, donor_name, amount, fee_amount, currency, frequency, status,
       campaign, stripe_checkout_session_id, stripe_invoice_id, stripe_subscription_id,
       stripe_payment_intent_id, stripe_charge_id, recurring_donation_id, paid_at, gift_aid_declaration_id,
       donor_forgotten_at)
     SELECT p.email, p.donor_name, p.amount, p.fee_amount, p.currency, p.frequency, p.status,
       p.campaign, p.session_id, p.invoice_id, p.subscription_id,
       p.payment_intent_id, p.charge_id, p.recurring_donation_id, to_timestamp(p.paid_at),
       (SELECT id FROM gift_aid_declarations WHERE stripe_checkout_session_id = p.session_id),
       p.forgotten_at
     FROM unnest(
       ${column((f) => (forgotten(f) ? null : f.email), 'text[]')},
       ${column((f) => (forgotten(f) ? null : f.donorName), 'text[]')},
       ${column((f) => f.amount, 'int4[]')}, ${column((f) => f.feeAmount, 'int4[]')},
       ${column((f) => f.currency, 'text[]')}, ${column((f) => f.frequency, 'text[]')},
       ${column((f) => f.status, 'text[]')}, ${column((f) => f.campaign, 'text[]')},
       ${column((f) => f.checkoutSessionId, 'text[]')}, ${column((f) => f.invoiceId, 'text[]')},
       ${column((f) => f.subscriptionId, 'text[]')}, ${column((f) => f.paymentIntentId, 'text[]')},
       ${column((f) => f.chargeId, 'text[]')}, ${column((f) => f.recurringDonationId, 'uuid[]')},
       ${column((f) => (f.status === 'succeeded' ? f.paidAt : null), 'float8[]')},
       ${column((f) => (forgotten(f) ? new Date() : null), 'timestamptz[]')}
     ) AS p (email, donor_name, amount, fee_amount, currency, frequency, status, campaign, session_id,
       invoice_id, subscription_id, payment_intent_id, charge_id, recurring_donation_id, paid_at, forgotten_at)
     ON CONFLICT (${sql.ident(key)}) WHERE ${sql.ident(key)} IS NOT NULL DO UPDATE SET
       status = CASE WHEN d.status = 'pending' THEN EXCLUDED.status ELSE d.status END,
       donor_forgotten_at = COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at),
       email = CASE WHEN COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at) IS NULL
                    THEN COALESCE(d.email, EXCLUDED.email) END,
       donor_name = CASE WHEN COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at) IS NULL
                         THEN COALESCE(d.donor_name, EXCLUDED.donor_name) END,
       campaign = COALESCE(d.campaign, EXCLUDED.campaign),
       stripe_checkout_session_id = COALESCE(d.stripe_checkout_session_id, EXCLUDED.stripe_checkout_session_id),
       stripe_invoice_id = COALESCE(d.stripe_invoice_id, EXCLUDED.stripe_invoice_id),
       stripe_subscription_id = COALESCE(d.stripe_subscription_id, EXCLUDED.stripe_subscription_id),
       stripe_payment_intent_id = COALESCE(d.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       stripe_charge_id = COALESCE(d.stripe_charge_id, EXCLUDED.stripe_charge_id),
       recurring_donation_id = COALESCE(d.recurring_donation_id, EXCLUDED.recurring_donation_id),
       gift_aid_declaration_id = COALESCE(d.gift_aid_declaration_id, EXCLUDED.gift_aid_declaration_id),
       paid_at = COALESCE(d.paid_at, EXCLUDED.paid_at),
       updated_at = now()
     RETURNING id, status, notified_at IS NOT NULL AS notified, email, donor_name, recurring_donation_id,
       stripe_payment_intent_id, stripe_charge_id, ${sql.ident(key)} AS key,
       EXISTS (SELECT 1 FROM stripe_charge_adjustments a
               WHERE a.stripe_payment_intent_id = d.stripe_payment_intent_id
                  OR a.stripe_charge_id = d.stripe_charge_id) AS adjusted`,
  );
  const recorded = rows.map(({ key: id, ...donation }) => ({ id, donation }));
  if (payments.length === 1) return recorded.map(({ donation }) => donation);
  const byKey = new Map(recorded.map(({ id, donation }) => [id, donation]));
  const keyOf = (facts: PaymentFacts): string | null =>
    key === 'stripe_checkout_session_id' ? facts.checkoutSessionId : facts.invoiceId;
  return payments.map((facts) => byKey.get(keyOf(facts) ?? '')!);
}

/**
 * Gives every instalment of a subscription what is known of its monthly gift: the gift itself,
 * its Gift Aid declaration, campaign, supporter and donor, whichever of them was recorded first.
 * Returns the instalments it changed, so any that only now have a donor get their messages.
 */
export async function linkInstalments(
  db: EntityManager,
  subscriptionId: string,
): Promise<RecordedDonation[]> {
  const { rows } = await runSql<RecordedDonation>(
    db,
    sql`UPDATE donations d SET
       recurring_donation_id = r.id,
       gift_aid_declaration_id = COALESCE(d.gift_aid_declaration_id, g.id),
       campaign = COALESCE(d.campaign, r.campaign),
       supporter_id = COALESCE(d.supporter_id, r.supporter_id),
       email = CASE WHEN d.donor_forgotten_at IS NULL THEN COALESCE(d.email, r.email) END,
       donor_name = CASE WHEN d.donor_forgotten_at IS NULL THEN COALESCE(d.donor_name, r.donor_name) END,
       updated_at = now()
     FROM recurring_donations r
     LEFT JOIN gift_aid_declarations g ON g.stripe_checkout_session_id = r.stripe_checkout_session_id
     WHERE r.stripe_subscription_id = ${subscriptionId} AND d.stripe_subscription_id = ${subscriptionId}
       AND (d.recurring_donation_id IS NULL
         OR (d.gift_aid_declaration_id IS NULL AND g.id IS NOT NULL)
         OR (d.campaign IS NULL AND r.campaign IS NOT NULL)
         OR (d.supporter_id IS NULL AND r.supporter_id IS NOT NULL)
         OR (d.email IS NULL AND r.email IS NOT NULL))
     RETURNING d.id, d.status, d.notified_at IS NOT NULL AS notified, d.email, d.donor_name,
       d.recurring_donation_id, d.stripe_payment_intent_id, d.stripe_charge_id, false AS adjusted`,
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Monthly gifts: one row per subscription

export interface RecurringFacts {
  subscriptionId: string;
  customerId: string | null;
  checkoutSessionId: string | null;
  email: string | null;
  donorName: string | null;
  /** The monthly gift, minor units, without any covered fee. */
  amount: number;
  currency: string;
  campaign: string | null;
  startedAt: number | null;
}

/** A subscription state as of one Stripe event (`eventAt` is that event's `created`, seconds). */
export interface RecurringState {
  status: RecurringStatus;
  eventAt: number;
  cancelAtPeriodEnd?: boolean | null;
  currentPeriodEnd?: number | null;
  cancelledAt?: number | null;
  amount?: number | null;
}

/** The monthly gift as recorded: its id and the donor known so far. */
export interface RecordedRecurring {
  id: string;
  email: string | null;
  donor_name: string | null;
  /** Its donor was erased: nothing of them may be recorded again. */
  forgotten: boolean;
}

/**
 * Creates the monthly gift on the first event that mentions its subscription, whichever that is;
 * later events only fill in what is still unknown.
 */
export async function upsertRecurring(db: EntityManager, facts: RecurringFacts): Promise<RecordedRecurring> {
  const { rows } = await runSql<RecordedRecurring>(
    db,
    sql`INSERT INTO recurring_donations AS r (stripe_subscription_id, stripe_customer_id,
       stripe_checkout_session_id, email, donor_name, amount, currency, status, campaign, started_at)
     VALUES (${facts.subscriptionId}, ${facts.customerId}, ${facts.checkoutSessionId}, ${facts.email},
       ${facts.donorName}, ${facts.amount}, ${facts.currency}, 'incomplete', ${facts.campaign},
       to_timestamp(${facts.startedAt}))
     ON CONFLICT (stripe_subscription_id) DO UPDATE SET
       stripe_customer_id = COALESCE(r.stripe_customer_id, EXCLUDED.stripe_customer_id),
       stripe_checkout_session_id = COALESCE(r.stripe_checkout_session_id, EXCLUDED.stripe_checkout_session_id),
       email = CASE WHEN r.donor_forgotten_at IS NULL THEN COALESCE(r.email, EXCLUDED.email) END,
       donor_name = CASE WHEN r.donor_forgotten_at IS NULL THEN COALESCE(r.donor_name, EXCLUDED.donor_name) END,
       campaign = COALESCE(r.campaign, EXCLUDED.campaign),
       started_at = LEAST(r.started_at, EXCLUDED.started_at)
     RETURNING id, email, donor_name, donor_forgotten_at IS NOT NULL AS forgotten`,
  );
  return rows[0]!;
}

/**
 * Applies a status only if its event is at least as recent as the last one applied, and never
 * revives a cancelled gift (Stripe cannot restart a cancelled subscription). So events processed in
 * any order leave the state of the newest one. Stripe's times are whole seconds: on a tie,
 * `incomplete` (the state a subscription is created in) never replaces a later one.
 */
export async function applyRecurringState(
  db: EntityManager,
  subscriptionId: string,
  state: RecurringState,
): Promise<void> {
  const eventAt = sql`to_timestamp(${state.eventAt})`;
  const status = sql.typed(state.status, 'text');
  await runSql(
    db,
    sql`UPDATE recurring_donations SET
       status = ${status},
       status_event_at = ${eventAt},
       cancel_at_period_end = COALESCE(${state.cancelAtPeriodEnd ?? null}, cancel_at_period_end),
       current_period_end = COALESCE(to_timestamp(${state.currentPeriodEnd ?? null}), current_period_end),
       cancelled_at = CASE WHEN ${status} = 'cancelled'
         THEN COALESCE(to_timestamp(${state.cancelledAt ?? null}), cancelled_at, ${eventAt}) ELSE cancelled_at END,
       amount = COALESCE(${state.amount ?? null}, amount),
       updated_at = now()
     WHERE stripe_subscription_id = ${subscriptionId}
       AND status <> 'cancelled'
       AND (status_event_at IS NULL OR status_event_at < ${eventAt}
         OR (status_event_at = ${eventAt} AND ${status} <> 'incomplete'))`,
  );
}

// ---------------------------------------------------------------------------------------------
// Refunds and disputes, per charge

/**
 * The adjustments table, named by its entity: its writes are upserts that must stay one statement
 * each (they run for every refund and dispute event), so the entity describes the table they write.
 */
const adjustmentsTable = (db: EntityManager): Sql =>
  sql.ident(db.connection.getMetadata(StripeChargeAdjustment).tableName);

/** Dispute outcomes; an open state never replaces one of these, whatever order events arrive in. */
const CLOSED_DISPUTE = sql`('won', 'lost', 'warning_closed', 'prevented')`;

/**
 * Refunds and disputes are recorded per charge, not on the donation, so that they apply whenever
 * the donation they belong to is recorded (a refund can be processed before its payment).
 * Stripe reports the cumulative refunded amount, so the largest one seen is the truth.
 */
export async function recordRefund(
  db: EntityManager,
  charge: ChargeRef,
  amountRefunded: number,
): Promise<void> {
  await runSql(
    db,
    sql`INSERT INTO ${adjustmentsTable(db)} AS a (stripe_charge_id, stripe_payment_intent_id, amount_refunded)
     VALUES (${charge.chargeId}, ${charge.paymentIntentId}, ${amountRefunded})
     ON CONFLICT (stripe_charge_id) DO UPDATE SET
       stripe_payment_intent_id = COALESCE(a.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       amount_refunded = GREATEST(a.amount_refunded, EXCLUDED.amount_refunded),
       updated_at = now()`,
  );
}

const newerDispute = sql`(a.dispute_status IS NULL
  OR (EXCLUDED.dispute_status IN ${CLOSED_DISPUTE}) AND a.dispute_status NOT IN ${CLOSED_DISPUTE}
  OR ((EXCLUDED.dispute_status IN ${CLOSED_DISPUTE}) = (a.dispute_status IN ${CLOSED_DISPUTE})
    AND EXCLUDED.dispute_event_at >= a.dispute_event_at))`;

/** The newest dispute state wins, except that a closed dispute is never reopened by an older event. */
export async function recordDispute(
  db: EntityManager,
  charge: ChargeRef,
  status: string,
  eventAt: number,
): Promise<void> {
  await runSql(
    db,
    sql`INSERT INTO ${adjustmentsTable(db)} AS a
       (stripe_charge_id, stripe_payment_intent_id, dispute_status, dispute_event_at)
     VALUES (${charge.chargeId}, ${charge.paymentIntentId}, ${status}, to_timestamp(${eventAt}))
     ON CONFLICT (stripe_charge_id) DO UPDATE SET
       stripe_payment_intent_id = COALESCE(a.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       dispute_status = CASE WHEN ${newerDispute} THEN EXCLUDED.dispute_status ELSE a.dispute_status END,
       dispute_event_at = CASE WHEN ${newerDispute} THEN EXCLUDED.dispute_event_at ELSE a.dispute_event_at END,
       updated_at = now()`,
  );
}

/**
 * Brings the donations paid by a charge up to date with its refunds and disputes. A refunded
 * donation already claimed for Gift Aid is flagged so the claim can be adjusted with HMRC.
 */
export async function applyAdjustments(db: EntityManager, charge: ChargeRef): Promise<void> {
  if (!charge.paymentIntentId && !charge.chargeId) return;
  await runSql(
    db,
    sql`WITH changed AS (
       UPDATE donations d SET
         refunded_amount = a.amount_refunded,
         dispute_status = a.dispute_status,
         status = CASE
           WHEN d.status NOT IN ('succeeded', 'partially_refunded', 'refunded') THEN d.status
           WHEN a.amount_refunded = 0 THEN 'succeeded'
           WHEN a.amount_refunded >= d.amount + d.fee_amount THEN 'refunded'
           ELSE 'partially_refunded' END,
         updated_at = now()
       FROM stripe_charge_adjustments a
       WHERE (a.stripe_payment_intent_id = d.stripe_payment_intent_id OR a.stripe_charge_id = d.stripe_charge_id)
         AND (d.stripe_payment_intent_id = ${charge.paymentIntentId} OR d.stripe_charge_id = ${charge.chargeId})
       RETURNING d.id, d.refunded_amount)
     UPDATE gift_aid_claim_items i SET needs_adjustment = true
     FROM changed c WHERE i.donation_id = c.id AND c.refunded_amount > 0`,
  );
}

// ---------------------------------------------------------------------------------------------
// Invoice payments: which payment settled an invoice

/**
 * Keeps the link from an invoice to its payment (for an instalment not yet recorded) and gives it
 * to the instalment already recorded.
 */
export async function linkInvoicePayment(
  db: EntityManager,
  invoiceId: string,
  charge: ChargeRef,
): Promise<void> {
  await runSql(
    db,
    sql`WITH link AS (
       INSERT INTO stripe_invoice_payments AS p (stripe_invoice_id, stripe_payment_intent_id, stripe_charge_id)
       VALUES (${invoiceId}, ${charge.paymentIntentId}, ${charge.chargeId})
       ON CONFLICT (stripe_invoice_id) DO UPDATE SET
         stripe_payment_intent_id = COALESCE(p.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
         stripe_charge_id = COALESCE(p.stripe_charge_id, EXCLUDED.stripe_charge_id))
     UPDATE donations SET
       stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, ${charge.paymentIntentId}),
       stripe_charge_id = COALESCE(stripe_charge_id, ${charge.chargeId}),
       updated_at = now()
     WHERE stripe_invoice_id = ${invoiceId}`,
  );
}

/** The payment an `invoice_payment.paid` recorded for the invoice, if one did. */
export async function recordedInvoicePayment(
  db: EntityManager,
  invoiceId: string,
): Promise<ChargeRef | null> {
  const row = await db.findOne(StripeInvoicePayment, {
    select: { stripePaymentIntentId: true, stripeChargeId: true },
    where: { stripeInvoiceId: invoiceId },
  });
  return row && { paymentIntentId: row.stripePaymentIntentId, chargeId: row.stripeChargeId };
}

// ---------------------------------------------------------------------------------------------
// Donor links in the messages

/** The current link versions of these monthly gifts, by id (none for an erased donor's). */
export async function currentLinkVersions(db: SqlExecutor, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await runSql<{ id: string; donor_link_version: number }>(
    db,
    sql`SELECT id, donor_link_version FROM recurring_donations
        WHERE id = ANY(${sql.typed(ids, 'uuid[]')}) AND donor_forgotten_at IS NULL`,
  );
  return new Map(rows.map((row) => [row.id, row.donor_link_version]));
}
