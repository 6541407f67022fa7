import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { applyAdjustments, type ChargeRef, paymentLock } from './charge-adjustments';
import { type LockMore, NOTHING_TO_DO, NOTHING_TO_TELL, type PreparedEvent } from './event-outcome';
import { idOf, invoicePaymentSchema } from './stripe-objects';

/**
 * `invoice_payment.paid`: since API version 2025-03-31 this is the only event linking an invoice
 * to the payment intent that refunds and disputes name. The link is kept for an instalment not yet
 * recorded and given to the one already recorded, whose known refunds and disputes then apply.
 */
export function recordInvoicePaymentEvent(event: VerifiedStripeEvent): PreparedEvent {
  const payment = invoicePaymentSchema.parse(event.data.object);
  const invoiceId = idOf(payment.invoice);
  const charge = {
    paymentIntentId: idOf(payment.payment.payment_intent),
    chargeId: idOf(payment.payment.charge),
  };
  if (!invoiceId || payment.status !== 'paid' || !paymentLock(charge)) return NOTHING_TO_DO;
  return {
    locks: [invoiceId, paymentLock(charge)],
    apply: async (db) => {
      await db.query(
        `WITH link AS (
           INSERT INTO stripe_invoice_payments AS p (stripe_invoice_id, stripe_payment_intent_id, stripe_charge_id)
           VALUES ($1, $2, $3)
           ON CONFLICT (stripe_invoice_id) DO UPDATE SET
             stripe_payment_intent_id = COALESCE(p.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
             stripe_charge_id = COALESCE(p.stripe_charge_id, EXCLUDED.stripe_charge_id))
         UPDATE donations SET
           stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, $2),
           stripe_charge_id = COALESCE(stripe_charge_id, $3),
           updated_at = now()
         WHERE stripe_invoice_id = $1`,
        [invoiceId, charge.paymentIntentId, charge.chargeId],
      );
      await applyAdjustments(db, charge);
      return NOTHING_TO_TELL;
    },
  };
}

/**
 * The payment of an invoice: the one the invoice names (older API versions), else the one its
 * `invoice_payment.paid` recorded. That one was not among the event's locks, so it is locked
 * (`lockMore`) before the instalment is written; a refund of it applied at the same moment would
 * miss it.
 */
export async function paymentOfInvoice(
  db: EntityManager,
  invoiceId: string,
  named: ChargeRef,
  lockMore: LockMore,
): Promise<ChargeRef> {
  if (paymentLock(named)) return named;
  const rows: { stripe_payment_intent_id: string | null; stripe_charge_id: string | null }[] = await db.query(
    'SELECT stripe_payment_intent_id, stripe_charge_id FROM stripe_invoice_payments WHERE stripe_invoice_id = $1',
    [invoiceId],
  );
  const row = rows[0];
  if (!row) return named;
  const linked = { paymentIntentId: row.stripe_payment_intent_id, chargeId: row.stripe_charge_id };
  await lockMore(db, [paymentLock(linked)]);
  return linked;
}
