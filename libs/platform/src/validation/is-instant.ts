import { registerDecorator } from 'class-validator';

/** 9999-12-31T23:59:59Z in epoch seconds: the last second PostgreSQL's timestamptz is given here. */
export const LAST_STORABLE_EPOCH_SECOND = 253_402_300_799;

export const NOT_AN_INSTANT =
  'must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS[.sss]] with Z or ±HH:MM)';

/** A calendar date or a date-time (UTC unless it gives an offset), as PostgreSQL reads it. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** True for text `INSTANT` matches that names a real day and time from year 1 to 9999. */
export function isInstantText(value: unknown): value is string {
  if (typeof value !== 'string' || !INSTANT.test(value)) return false;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) return false;
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
}

/**
 * Validates a field as an instant, for filters and schedules bound as `timestamptz`. class-validator's
 * `IsISO8601` also takes "2024", "2024-05" and week dates, which PostgreSQL refuses (a 500).
 */
export function IsInstant(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property ${NOT_AN_INSTANT}` },
      validator: { validate: isInstantText },
    });
}
