import { registerDecorator } from 'class-validator';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD. */
export function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year > 0 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A day (YYYY-MM-DD) that is not after today, in UTC (a day of grace either side of midnight in London). */
export function IsPastOrToday(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPastOrToday',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a date (YYYY-MM-DD) that is not in the future' },
      validator: {
        validate: (value: unknown) => {
          if (value === null || value === undefined) return true;
          if (typeof value !== 'string' || !isCalendarDay(value)) return false;
          const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
          return value <= tomorrow;
        },
      },
    });
}
