import type { EntityManager } from 'typeorm';
import type { RecurringStatus } from '@crm/entities';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import { type EventOutcome, NOTHING_TO_TELL, type PreparedEvent, present } from './event-outcome';
import { applyRecurringState, upsertRecurring } from './stripe-events.queries';
import { idOf, metadataInt, type Subscription, subscriptionSchema } from './stripe-objects';

const STATUS: Record<string, RecurringStatus> = {
  active: 'active',
  trialing: 'active',
  past_due: 'past_due',
  unpaid: 'past_due',
  canceled: 'cancelled',
  incomplete_expired: 'cancelled',
  incomplete: 'incomplete',
  paused: 'past_due',
};

/** `customer.subscription.created|updated|deleted`: the newest subscription state wins. */
export function recordSubscriptionState(event: VerifiedStripeEvent): PreparedEvent {
  const subscription = subscriptionSchema.parse(event.data.object);
  return { locks: [subscription.id], apply: (db) => applySubscriptionState(db, event, subscription) };
}

async function applySubscriptionState(
  db: EntityManager,
  event: VerifiedStripeEvent,
  subscription: Subscription,
): Promise<EventOutcome> {
  const item = subscription.items.data[0]!;
  const gross = (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
  const amount = gross - Math.min(metadataInt(subscription.metadata, 'fee_amount') ?? 0, gross);
  await upsertRecurring(db, {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer),
    checkoutSessionId: null,
    email: null,
    donorName: present(subscription.metadata?.donor_name),
    amount,
    currency: item.price.currency,
    campaign: present(subscription.metadata?.campaign),
    startedAt: subscription.start_date ?? null,
  });
  const deleted = event.type === 'customer.subscription.deleted';
  await applyRecurringState(db, subscription.id, {
    status: deleted ? 'cancelled' : (STATUS[subscription.status] ?? 'incomplete'),
    eventAt: event.created,
    cancelAtPeriodEnd: subscription.cancel_at_period_end ?? null,
    currentPeriodEnd: subscription.current_period_end ?? item.current_period_end ?? null,
    cancelledAt: subscription.canceled_at ?? null,
    amount,
  });
  return NOTHING_TO_TELL;
}
