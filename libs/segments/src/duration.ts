const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export interface Duration {
  years: number;
  months: number;
  days: number;
  seconds: number;
}

/** Parses an ISO-8601 duration such as `P365D`, `P1Y`, `P2W` or `PT12H`; null when malformed. */
export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return {
    years,
    months,
    days: weeks * 7 + days,
    seconds: hours * 3600 + minutes * 60 + seconds,
  };
}

/** `now` minus the duration, calendar-wise in UTC (so P1Y from 29 Feb lands on 28 Feb or 1 Mar like Date does). */
export function durationBefore(now: Date, duration: Duration): Date {
  const result = new Date(now.getTime());
  result.setUTCFullYear(result.getUTCFullYear() - duration.years, result.getUTCMonth() - duration.months);
  result.setUTCDate(result.getUTCDate() - duration.days);
  result.setTime(result.getTime() - duration.seconds * 1000);
  return result;
}
