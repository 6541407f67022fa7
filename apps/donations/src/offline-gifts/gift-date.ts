/**
 * The date a gift was received, as staff or a platform's file write it: `2026-03-04`, or the UK's
 * `04/03/2026` (4 March; these files come from UK platforms and UK offices), either optionally
 * followed by a time, which is ignored. Stored as 12:00 Europe/London on that day: noon is the
 * same calendar day in UTC and in London, so monthly totals and HMRC's schedule agree on it.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/;

const EARLIEST_YEAR = 1990;

const londonHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});

/** Noon in London on a calendar day, or null when the day does not exist (31/02). */
export function londonNoon(year: number, month: number, day: number): Date | null {
  const utcNoon = new Date(Date.UTC(year, month - 1, day, 12));
  if (
    utcNoon.getUTCFullYear() !== year ||
    utcNoon.getUTCMonth() !== month - 1 ||
    utcNoon.getUTCDate() !== day
  )
    return null;
  const offsetHours = Number(londonHour.format(utcNoon)) - 12;
  return new Date(utcNoon.getTime() - offsetHours * 3_600_000);
}

export type GiftDate = { at: Date; day: string } | { problem: string };

/** Parses a received date; `now` bounds it (a gift cannot be received tomorrow). */
export function parseGiftDate(text: string, now = new Date()): GiftDate {
  const iso = ISO_DATE.exec(text);
  const uk = iso ? null : UK_DATE.exec(text);
  if (!iso && !uk) return { problem: 'is not a date (YYYY-MM-DD or DD/MM/YYYY)' };
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : [Number(uk![3]), Number(uk![2]), Number(uk![1])];
  const at = londonNoon(year, month, day);
  if (!at) return { problem: 'is not a date that exists' };
  if (year < EARLIEST_YEAR) return { problem: `is before ${EARLIEST_YEAR}` };
  // Noon today in London may still be ahead of `now`; a gift received today is fine.
  if (at.getTime() - now.getTime() > 24 * 3_600_000) return { problem: 'is in the future' };
  const iso8601 = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { at, day: iso8601 };
}
