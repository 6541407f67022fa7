import type { RecurringStatus } from '@crm/entities';
import type { EntityManager } from 'typeorm';

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
  const rows: RecordedRecurring[] = await db.query(
    `INSERT INTO recurring_donations AS r (stripe_subscription_id, stripe_customer_id,
       stripe_checkout_session_id, email, donor_name, amount, currency, status, campaign, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'incomplete', $8, to_timestamp($9))
     ON CONFLICT (stripe_subscription_id) DO UPDATE SET
       stripe_customer_id = COALESCE(r.stripe_customer_id, EXCLUDED.stripe_customer_id),
       stripe_checkout_session_id = COALESCE(r.stripe_checkout_session_id, EXCLUDED.stripe_checkout_session_id),
       email = CASE WHEN r.donor_forgotten_at IS NULL THEN COALESCE(r.email, EXCLUDED.email) END,
       donor_name = CASE WHEN r.donor_forgotten_at IS NULL THEN COALESCE(r.donor_name, EXCLUDED.donor_name) END,
       campaign = COALESCE(r.campaign, EXCLUDED.campaign),
       started_at = LEAST(r.started_at, EXCLUDED.started_at)
     RETURNING id, email, donor_name, donor_forgotten_at IS NOT NULL AS forgotten`,
    [
      facts.subscriptionId,
      facts.customerId,
      facts.checkoutSessionId,
      facts.email,
      facts.donorName,
      facts.amount,
      facts.currency,
      facts.campaign,
      facts.startedAt,
    ],
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
  await db.query(
    `UPDATE recurring_donations SET
       status = $2,
       status_event_at = to_timestamp($3),
       cancel_at_period_end = COALESCE($4, cancel_at_period_end),
       current_period_end = COALESCE(to_timestamp($5), current_period_end),
       cancelled_at = CASE WHEN $2 = 'cancelled'
         THEN COALESCE(to_timestamp($6), cancelled_at, to_timestamp($3)) ELSE cancelled_at END,
       amount = COALESCE($7, amount),
       updated_at = now()
     WHERE stripe_subscription_id = $1
       AND status <> 'cancelled'
       AND (status_event_at IS NULL OR status_event_at < to_timestamp($3)
         OR (status_event_at = to_timestamp($3) AND $2 <> 'incomplete'))`,
    [
      subscriptionId,
      state.status,
      state.eventAt,
      state.cancelAtPeriodEnd ?? null,
      state.currentPeriodEnd ?? null,
      state.cancelledAt ?? null,
      state.amount ?? null,
    ],
  );
}
