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
