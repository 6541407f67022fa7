import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { applyAdjustments, recordDispute, recordRefund } from './charge-adjustments';
import { type EventOutcome, NOTHING_TO_TELL } from './event-outcome';
import { lockStripeObjects } from './stripe-object-locks';
import { chargeSchema, disputeSchema, idOf } from './stripe-objects';

/** `charge.refunded`: full or partial; Stripe sends the cumulative refunded amount. */
export async function recordRefundEvent(
  db: EntityManager,
  event: VerifiedStripeEvent,
): Promise<EventOutcome> {
  const charge = chargeSchema.parse(event.data.object);
  const ref = { chargeId: charge.id, paymentIntentId: idOf(charge.payment_intent) };
  await lockStripeObjects(db, [ref.paymentIntentId ?? ref.chargeId]);
  await recordRefund(db, ref, charge.amount_refunded);
  await applyAdjustments(db, ref);
  return NOTHING_TO_TELL;
}

/** `charge.dispute.created|updated|closed`. */
export async function recordDisputeEvent(
  db: EntityManager,
  event: VerifiedStripeEvent,
): Promise<EventOutcome> {
  const dispute = disputeSchema.parse(event.data.object);
  const chargeId = idOf(dispute.charge);
  if (!chargeId) return NOTHING_TO_TELL;
  const ref = { chargeId, paymentIntentId: idOf(dispute.payment_intent) };
  await lockStripeObjects(db, [ref.paymentIntentId ?? ref.chargeId]);
  await recordDispute(db, ref, dispute.status, event.created);
  await applyAdjustments(db, ref);
  return NOTHING_TO_TELL;
}
