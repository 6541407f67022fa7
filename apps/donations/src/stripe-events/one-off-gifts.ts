import type { EntityManager } from 'typeorm';
import type { DonorMarketingChoice } from '../donate-page/marketing-metadata';
import { applyKnownAdjustments } from './charge-adjustments';
import type { EventOutcome } from './event-outcome';
import { type PaymentFacts, upsertDonations } from './stripe-events.queries';

/**
 * A one-off gift's session (completed, or its payment settled or failed), whose whole effect is
 * its payment: no monthly gift, no Gift Aid declaration to record first.
 */
export interface OneOffGift {
  facts: PaymentFacts & { key: 'stripe_checkout_session_id' };
  marketing: DonorMarketingChoice | null;
}

/**
 * Records one-off gifts, all in one statement, then applies to each any refund or dispute already
 * on record for its payment. Events applied together in one transaction (see StripeEventBatches)
 * record their gifts this way: one round trip for the batch instead of one per event.
 */
export async function recordOneOffGifts(db: EntityManager, gifts: OneOffGift[]): Promise<EventOutcome[]> {
  const donations = await upsertDonations(
    db,
    'stripe_checkout_session_id',
    gifts.map((gift) => gift.facts),
  );
  const outcomes: EventOutcome[] = [];
  for (const [index, donation] of donations.entries()) {
    await applyKnownAdjustments(db, donation);
    outcomes.push({ donations: [{ ...donation, marketing: gifts[index]!.marketing }] });
  }
  return outcomes;
}
