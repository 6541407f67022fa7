import type { EntityManager } from 'typeorm';
import { applyAdjustments, type RecordedDonation } from './stripe-events.queries';

/** A Stripe payment, as refunds and disputes name it: its payment intent, else its charge. */
export interface ChargeRef {
  chargeId: string | null;
  paymentIntentId: string | null;
}

/** The lock key of a payment, the same for every event about it (see stripe-object-locks). */
export const paymentLock = (charge: ChargeRef): string | null => charge.paymentIntentId ?? charge.chargeId;

/**
 * After recording a payment: apply the refunds and disputes already on record for it, if any
 * (they are recorded per charge, so a refund processed before its payment is not lost).
 */
export async function applyKnownAdjustments(db: EntityManager, donation: RecordedDonation): Promise<void> {
  if (!donation.adjusted) return;
  await applyAdjustments(db, {
    paymentIntentId: donation.stripe_payment_intent_id,
    chargeId: donation.stripe_charge_id,
  });
}
