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

export const RECURRING_STATUSES = ['incomplete', 'active', 'past_due', 'cancelled'] as const;
export type RecurringStatus = (typeof RECURRING_STATUSES)[number];
