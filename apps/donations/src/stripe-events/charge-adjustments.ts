import type { EntityManager } from 'typeorm';
import type { RecordedDonation } from './donation-ledger';

/** Dispute outcomes; an open state never replaces one of these, whatever order events arrive in. */
const CLOSED_DISPUTE = `('won', 'lost', 'warning_closed', 'prevented')`;

export interface ChargeRef {
  chargeId: string | null;
  paymentIntentId: string | null;
}

/** The lock key of a payment, the same for every event about it (see stripe-object-locks). */
export const paymentLock = (charge: ChargeRef): string | null => charge.paymentIntentId ?? charge.chargeId;

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
  await db.query(
    `INSERT INTO stripe_charge_adjustments AS a (stripe_charge_id, stripe_payment_intent_id, amount_refunded)
     VALUES ($1, $2, $3)
     ON CONFLICT (stripe_charge_id) DO UPDATE SET
       stripe_payment_intent_id = COALESCE(a.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       amount_refunded = GREATEST(a.amount_refunded, EXCLUDED.amount_refunded),
       updated_at = now()`,
    [charge.chargeId, charge.paymentIntentId, amountRefunded],
  );
}

/** The newest dispute state wins, except that a closed dispute is never reopened by an older event. */
export async function recordDispute(
  db: EntityManager,
  charge: ChargeRef,
  status: string,
  eventAt: number,
): Promise<void> {
  await db.query(
    `INSERT INTO stripe_charge_adjustments AS a
       (stripe_charge_id, stripe_payment_intent_id, dispute_status, dispute_event_at)
     VALUES ($1, $2, $3, to_timestamp($4))
     ON CONFLICT (stripe_charge_id) DO UPDATE SET
       stripe_payment_intent_id = COALESCE(a.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       dispute_status = CASE WHEN ${newerDispute} THEN EXCLUDED.dispute_status ELSE a.dispute_status END,
       dispute_event_at = CASE WHEN ${newerDispute} THEN EXCLUDED.dispute_event_at ELSE a.dispute_event_at END,
       updated_at = now()`,
    [charge.chargeId, charge.paymentIntentId, status, eventAt],
  );
}

const newerDispute = `(a.dispute_status IS NULL
  OR (EXCLUDED.dispute_status IN ${CLOSED_DISPUTE}) AND a.dispute_status NOT IN ${CLOSED_DISPUTE}
  OR ((EXCLUDED.dispute_status IN ${CLOSED_DISPUTE}) = (a.dispute_status IN ${CLOSED_DISPUTE})
    AND EXCLUDED.dispute_event_at >= a.dispute_event_at))`;

/** After recording a payment: apply the refunds and disputes already on record for it, if any. */
export async function applyKnownAdjustments(db: EntityManager, donation: RecordedDonation): Promise<void> {
  if (!donation.adjusted) return;
  await applyAdjustments(db, {
    paymentIntentId: donation.stripe_payment_intent_id,
    chargeId: donation.stripe_charge_id,
  });
}

/**
 * Brings the donations paid by a charge up to date with its refunds and disputes. A refunded
 * donation already claimed for Gift Aid is flagged so the claim can be adjusted with HMRC.
 */
export async function applyAdjustments(db: EntityManager, charge: ChargeRef): Promise<void> {
  if (!charge.paymentIntentId && !charge.chargeId) return;
  await db.query(
    `WITH changed AS (
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
         AND (d.stripe_payment_intent_id = $1 OR d.stripe_charge_id = $2)
       RETURNING d.id, d.refunded_amount)
     UPDATE gift_aid_claim_items i SET needs_adjustment = true
     FROM changed c WHERE i.donation_id = c.id AND c.refunded_amount > 0`,
    [charge.paymentIntentId, charge.chargeId],
  );
}
