import type { components } from '../api/generated/donations';
import { isoDateInLondon } from '../format';

type PeriodTotal = components['schemas']['PeriodTotalDto'];

/** The first day of this year in London, as the summary's `from` (YYYY-MM-DD). */
export const startOfYear = (now = new Date()): string => `${isoDateInLondon(now).slice(0, 4)}-01-01`;

/** This month in London as the summary's month key: "2026-05". */
export const thisMonth = (now = new Date()): string => isoDateInLondon(now).slice(0, 7);

/** Income net of refunds, in the given currency, for the months selected. */
export function netIncome(months: readonly PeriodTotal[], currency: string, month?: string): number {
  return months
    .filter((period) => period.currency === currency && (month === undefined || period.month === month))
    .reduce((sum, period) => sum + period.amount - period.refundedAmount, 0);
}
