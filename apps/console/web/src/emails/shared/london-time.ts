/**
 * Wall-clock times in Europe/London and the UTC instants they name. The mailer stores and runs
 * everything in UTC; people schedule in UK time, which is GMT in winter and BST (UTC+1) in summer.
 */
const TIME_ZONE = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface LondonWallTime {
  /** YYYY-MM-DD, as a date input gives it. */
  date: string;
  /** HH:MM, as a time input gives it. */
  time: string;
}

/** An instant as London's calendar date and clock time. */
export function londonWallTime(instant: Date): LondonWallTime {
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    partsFormat.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** Minutes London is ahead of UTC at this instant: 0 (GMT) or 60 (BST). */
export function londonOffsetMinutes(instant: Date): number {
  const wall = londonWallTime(instant);
  const asUtc = Date.UTC(
    Number(wall.date.slice(0, 4)),
    Number(wall.date.slice(5, 7)) - 1,
    Number(wall.date.slice(8, 10)),
    Number(wall.time.slice(0, 2)),
    Number(wall.time.slice(3, 5)),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The UTC instant of a London date and time, or why there is none: a malformed value, or a time
 * skipped when the clocks go forward (01:00–01:59 on the last Sunday of March). A time that happens
 * twice when they go back (01:00–01:59 in late October) is taken the first time, in BST.
 */
export function londonToUtc(wall: LondonWallTime): { instant: Date } | { error: string } {
  const day = DATE.exec(wall.date);
  const clock = TIME.exec(wall.time);
  if (!day) return { error: 'Enter a date.' };
  if (!clock) return { error: 'Enter a time, such as 09:00.' };
  const [year, month, date] = [Number(day[1]), Number(day[2]) - 1, Number(day[3])];
  const calendar = new Date(Date.UTC(year, month, date));
  if (calendar.getUTCMonth() !== month || calendar.getUTCDate() !== date)
    return { error: 'Enter a real date.' };
  const naive = Date.UTC(year, month, date, Number(clock[1]), Number(clock[2]));
  // Try the offsets London can have, BST first so an hour that happens twice is its first time.
  for (const offset of [60, 0]) {
    const instant = new Date(naive - offset * 60_000);
    const back = londonWallTime(instant);
    if (back.date === wall.date && back.time === wall.time) return { instant };
  }
  return {
    error:
      'That time does not exist in the UK on that day: the clocks go forward an hour. Choose another time.',
  };
}

/** "1/7/2027" or "01/07/2027" (day first, as in the UK) → "2027-07-01"; null if not that shape. */
export function parseUkDate(text: string): string | null {
  const match = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!match) return null;
  return `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

/** "2027-07-01" → "01/07/2027". */
export const ukDate = (isoDate: string): string =>
  `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;

/** "9:30", "09.30" or "0930" (24-hour) → "09:30"; null if not a time of day. */
export function parseClock(text: string): string | null {
  const match = /^\s*([01]?\d|2[0-3])[:.]?([0-5]\d)\s*$/.exec(text);
  if (!match) return null;
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}
