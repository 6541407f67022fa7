import type { EntityManager } from 'typeorm';
import type { VerifiedStripeEvent } from '../stripe-webhook/stripe-signature';
import type { RecordedDonation } from './donation-ledger';

/** What processing an event changed that other apps must hear about once it is committed. */
export interface EventOutcome {
  donations: RecordedDonation[];
  failedPayment?: { recurringDonationId: string; invoiceId: string };
}

export const NOTHING_TO_TELL: EventOutcome = { donations: [] };

/** Applies one type of Stripe event inside the processing transaction. */
export type StripeEventHandler = (db: EntityManager, event: VerifiedStripeEvent) => Promise<EventOutcome>;

/** Stripe metadata and ids arrive as strings; an empty one means "not given". */
export const present = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '' ? null : value;
