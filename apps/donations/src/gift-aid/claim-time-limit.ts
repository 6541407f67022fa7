import { accountingPeriodOf } from './claim-lines';

/**
 * HMRC: Gift Aid on a donation must be claimed within 4 years of the end of the charity's
 * accounting period (a trust's: the tax year) in which it was received, so a claim made today
 * reaches back over the current period and the 4 before it.
 */
export const CLAIM_TIME_LIMIT_YEARS = 4;

const londonHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** The `MM-DD` period end as a real day of `year`: 02-29 (or 04-31) falls back to the month's last day. */
const periodEndDay = (year: number, periodEnd: string): { month: number; day: number } => {
  const [month, day] = periodEnd.split('-').map(Number) as [number, number];
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { month, day: Math.min(day, lastOfMonth) };
};

/**
 * The instant the accounting period named by `year` (the year it ends in) ends: midnight in London
 * at the start of the day after its last day, the first instant of the next period (as
 * `accountingPeriodOf` places gifts).
 */
export function accountingPeriodEndsAt(year: number, periodEnd: string): Date {
  const { month, day } = periodEndDay(year, periodEnd);
  const utcMidnight = new Date(Date.UTC(year, month - 1, day + 1));
  return new Date(utcMidnight.getTime() - Number(londonHour.format(utcMidnight)) * 3_600_000);
}

/** The last day (`YYYY-MM-DD`, London) a claim may still include a gift received at `paidAt`. */
export function claimDeadline(paidAt: Date, periodEnd: string): string {
  const year = accountingPeriodOf(paidAt, periodEnd) + CLAIM_TIME_LIMIT_YEARS;
  const { month, day } = periodEndDay(year, periodEnd);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The earliest receipt a claim made at `now` may include: the start of the accounting period 4
 * before the current one. A gift received before it is past HMRC's time limit, for good.
 */
export function claimableSince(periodEnd: string, now: Date = new Date()): Date {
  return accountingPeriodEndsAt(accountingPeriodOf(now, periodEnd) - CLAIM_TIME_LIMIT_YEARS - 1, periodEnd);
}
