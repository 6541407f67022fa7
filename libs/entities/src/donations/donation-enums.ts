export const DONATION_FREQUENCIES = ['one_off', 'monthly'] as const;
export type DonationFrequency = (typeof DONATION_FREQUENCIES)[number];

export const DONATION_STATUSES = [
  'pending',
  'succeeded',
  'failed',
  'refunded',
  'partially_refunded',
] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];

/** Donations that count towards a supporter's giving: paid and not fully refunded (net of refunds). */
export const COUNTED_DONATION_STATUSES = [
  'succeeded',
  'partially_refunded',
] as const satisfies DonationStatus[];

export const RECURRING_STATUSES = ['incomplete', 'active', 'past_due', 'cancelled'] as const;
export type RecurringStatus = (typeof RECURRING_STATUSES)[number];

/** How a gift was paid: `stripe` for Checkout gifts and instalments, the rest entered or imported by staff. */
export const DONATION_METHODS = [
  'stripe',
  'cash',
  'cheque',
  'bank_transfer',
  'standing_order',
  'card_offline',
  'third_party',
  'other',
] as const;
export type DonationMethod = (typeof DONATION_METHODS)[number];

/** The methods staff record by hand or import (every method but `stripe`). */
export const OFFLINE_DONATION_METHODS = DONATION_METHODS.filter(
  (method): method is Exclude<DonationMethod, 'stripe'> => method !== 'stripe',
);
export type OfflineDonationMethod = Exclude<DonationMethod, 'stripe'>;
