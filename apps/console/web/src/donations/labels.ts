import type { components } from '../api/generated/donations';

export type Gift = components['schemas']['DonationDto'];
export type GiftMethod = Gift['method'];
export type OfflineMethod = Exclude<GiftMethod, 'stripe'>;
export type MonthlyGift = components['schemas']['RecurringDonationDto'];

/** How a gift was paid, as a fundraiser says it. */
export const METHOD_LABELS: Record<GiftMethod, string> = {
  stripe: 'Online (card)',
  cash: 'Cash',
  cheque: 'Cheque',
  bank_transfer: 'Bank transfer',
  standing_order: 'Standing order',
  card_offline: 'Card (by phone or in person)',
  third_party: 'Fundraising platform',
  other: 'Other',
};

export const OFFLINE_METHODS = (Object.keys(METHOD_LABELS) as GiftMethod[]).filter(
  (method): method is OfflineMethod => method !== 'stripe',
);

export const STATUS_LABELS: Record<Gift['status'], string> = {
  pending: 'Pending',
  succeeded: 'Received',
  failed: 'Failed',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export const FREQUENCY_LABELS: Record<Gift['frequency'], string> = {
  one_off: 'One-off',
  monthly: 'Monthly',
};

export const MONTHLY_STATUS_LABELS: Record<MonthlyGift['status'], string> = {
  incomplete: 'Not started: first payment incomplete',
  active: 'Active',
  past_due: 'Payment overdue',
  cancelled: 'Cancelled',
};

/** The generated types call nullable strings `Record<string, never>`; on screen they are text. */
export const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** "25", "25.5", "£1,250.00" → pence; null when it is not an amount of money. */
export function pence(pounds: string): number | null {
  const cleaned = pounds.trim().replace(/^£/, '').replace(/,/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** Pence → "1250.00" for an amount field. */
export const poundsText = (minorUnits: number): string => (minorUnits / 100).toFixed(2);
