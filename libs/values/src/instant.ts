/** 9999-12-31T23:59:59Z in epoch seconds: the last second PostgreSQL's timestamptz is given here. */
export const LAST_STORABLE_EPOCH_SECOND = 253_402_300_799;

/**
 * A calendar date or an ISO-8601 date-time as clients write them: `T` or a space, any fraction
 * (.NET writes 7 digits, Java up to 9), offset `Z`, `±HH`, `±HHMM` or `±HH:MM` (none means UTC).
 */
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const offsetOf = (text: string | undefined): string => {
  if (!text || text === 'z' || text === 'Z') return 'Z';
  const digits = text.slice(1).replace(':', '').padEnd(4, '0');
  return `${text[0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
};

/** The instant `text` names (see INSTANT), or null: malformed, not a real day or time, or outside years 1-9999. */
export function parseInstant(text: string): Date | null {
  const match = INSTANT.exec(text);
  if (!match) return null;
  const [, day, hours = '00', minutes = '00', seconds = '00', fraction = '', offset] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const time = new Date(`${day}T${hours}:${minutes}:${seconds}.${millis}${offsetOf(offset)}`);
  if (Number.isNaN(time.getTime())) return null;
  const [year, month, date] = day!.split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, date));
  const realDay = calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === date;
  const storable = time.getUTCFullYear() >= 1 && time.getTime() <= LAST_STORABLE_EPOCH_SECOND * 1000;
  return realDay && year >= 1 && storable ? time : null;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/**
 * The start of the day after `text` when it is a calendar date alone (`2026-12-02`), since a
 * period that ends on a day covers that day whole; null for a date-time, which ends where it says,
 * and for the last storable day.
 */
export function dayAfter(text: string): Date | null {
  const day = CALENDAR_DATE.test(text) ? parseInstant(text) : null;
  if (!day || day.getTime() + DAY_MS > LAST_STORABLE_EPOCH_SECOND * 1000) return null;
  return new Date(day.getTime() + DAY_MS);
}

/**
 * What a period's end `to` is the exclusive bound of: the next day for a calendar date, else `to`
 * itself (also for 9999-12-31, whose next day PostgreSQL is not given here).
 */
export const periodEndBefore = (to: string): string => dayAfter(to)?.toISOString() ?? to;

/**
 * The order rule of every from/to pair: false only when both are instants and the period ending at
 * `to` (a calendar date covering that whole day) ends before `from`. Anything else (a duration, an
 * unreadable value) is left to its own validators.
 */
export function inOrder(from: string, to: string): boolean {
  const start = parseInstant(from);
  if (!start) return true;
  const dayEnd = dayAfter(to);
  if (dayEnd) return dayEnd > start;
  const end = parseInstant(to);
  return !end || end >= start;
}
