import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { paymentLock } from './charge-adjustments';
import { NOTHING_TO_DO, NOTHING_TO_TELL, type PreparedEvent } from './event-outcome';
import { applyAdjustments, recordDispute, recordRefund } from './stripe-events.queries';
import { chargeSchema, disputeSchema, idOf } from './stripe-objects';

/** `charge.refunded`: full or partial; Stripe sends the cumulative refunded amount. */
export function recordRefundEvent(event: VerifiedStripeEvent): PreparedEvent {
  const charge = chargeSchema.parse(event.data.object);
  const ref = { chargeId: charge.id, paymentIntentId: idOf(charge.payment_intent) };
  return {
    locks: [paymentLock(ref)],
    apply: async (db) => {
      await recordRefund(db, ref, charge.amount_refunded);
      await applyAdjustments(db, ref);
      return NOTHING_TO_TELL;
    },
  };
}

/** `charge.dispute.created|updated|closed`. */
export function recordDisputeEvent(event: VerifiedStripeEvent): PreparedEvent {
  const dispute = disputeSchema.parse(event.data.object);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return NOTHING_TO_DO;
  const ref = { chargeId, paymentIntentId: idOf(dispute.payment_intent) };
  return {
    locks: [paymentLock(ref)],
    apply: async (db) => {
      await recordDispute(db, ref, dispute.status, event.created);
      await applyAdjustments(db, ref);
      return NOTHING_TO_TELL;
    },
  };
}
