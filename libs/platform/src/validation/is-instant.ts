import { parseInstant } from '@crm/values';
import { registerDecorator } from 'class-validator';

export const NOT_AN_INSTANT =
  'must be a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH[:MM]])';

export const isInstantText = (value: unknown): value is string =>
  typeof value === 'string' && parseInstant(value) !== null;

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
