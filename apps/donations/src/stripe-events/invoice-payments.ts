import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { type ChargeRef, paymentLock } from './charge-adjustments';
import { type LockMore, NOTHING_TO_DO, NOTHING_TO_TELL, type PreparedEvent } from './event-outcome';
import { applyAdjustments, linkInvoicePayment, recordedInvoicePayment } from './stripe-events.queries';
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
      await linkInvoicePayment(db, invoiceId, charge);
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
  const linked = await recordedInvoicePayment(db, invoiceId);
  if (!linked) return named;
  await lockMore(db, [paymentLock(linked)]);
  return linked;
}
