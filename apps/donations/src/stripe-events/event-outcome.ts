import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import type { OneOffGift } from './one-off-gifts';
import type { RecordedDonation } from './stripe-events.queries';

/** What processing an event changed that other apps must hear about once it is committed. */
export interface EventOutcome {
  donations: RecordedDonation[];
  failedPayment?: { recurringDonationId: string; invoiceId: string };
}

export const NOTHING_TO_TELL: EventOutcome = { donations: [] };

/**
 * Takes the lock of a Stripe object found only while applying (an instalment's payment, read from
 * the database). An event applied alone waits for it; a batch, which must never wait while holding
 * locks (two batches could then wait on each other), gives up and has its events redone alone.
 */
export type LockMore = (db: EntityManager, ids: (string | null)[]) => Promise<void>;

/**
 * A Stripe event read and ready to apply: the Stripe objects (payment, subscription) whose locks
 * its transaction must hold first, and its changes, made inside that transaction.
 */
export interface PreparedEvent {
  locks: (string | null)[];
  apply(db: EntityManager, lockMore: LockMore): Promise<EventOutcome>;
  /**
   * Set when all `apply` does is record this one-off gift (`recordOneOffGifts` of it alone), so
   * that a batch can record its events' gifts in one statement instead.
   */
  oneOffGift?: OneOffGift;
}

/** Reads one type of Stripe event (throwing a ZodError when its object cannot be read). */
export type StripeEventHandler = (event: VerifiedStripeEvent) => PreparedEvent;

export const NOTHING_TO_DO: PreparedEvent = { locks: [], apply: () => Promise.resolve(NOTHING_TO_TELL) };

/** Stripe metadata and ids arrive as strings; an empty one means "not given". */
export const present = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;
