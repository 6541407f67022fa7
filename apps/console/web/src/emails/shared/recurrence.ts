import { londonOffsetMinutes } from './london-time';

/**
 * A repeating send as a person chooses it ("every Monday at 09:00", UK time) and the cron pattern
 * the mailer accepts for it. The mailer runs a cron in UTC, so the pattern is the UK time at
 * today's offset (GMT or BST); after the clocks change the send moves by an hour in UK time, which
 * the wizard says (see `clockChangeNote`).
 */
export type Frequency = 'daily' | 'weekly' | 'monthly';

export interface Recurrence {
  frequency: Frequency;
  /** 0 = Sunday … 6 = Saturday, as cron numbers them. */
  weekday: number;
  /** 1–28, so every month has the day. */
  dayOfMonth: number;
  /** HH:MM, UK time. */
  time: string;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const DEFAULT_RECURRENCE: Recurrence = {
  frequency: 'weekly',
  weekday: 1,
  dayOfMonth: 1,
  time: '09:00',
};

const DAY = 24 * 60;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const pad = (value: number): string => String(value).padStart(2, '0');
const clock = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

export function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

/** "Every Monday at 09:00", "Every day at 18:30", "On the 1st of every month at 09:00". */
export function describeRecurrence(recurrence: Recurrence): string {
  const at = `at ${recurrence.time}`;
  if (recurrence.frequency === 'daily') return `Every day ${at}`;
  if (recurrence.frequency === 'weekly') return `Every ${WEEKDAYS[recurrence.weekday]} ${at}`;
  return `On the ${ordinal(recurrence.dayOfMonth)} of every month ${at}`;
}

/** The UTC cron pattern for a UK-time recurrence, at the offset London has at `now`. */
export function recurrenceToCron(
  recurrence: Recurrence,
  now = new Date(),
): { cron: string } | { error: string } {
  const match = TIME.exec(recurrence.time);
  if (!match) return { error: 'Enter a time, such as 09:00.' };
  let minutes = Number(match[1]) * 60 + Number(match[2]) - londonOffsetMinutes(now);
  const dayShift = minutes < 0 ? -1 : 0;
  minutes = (minutes + DAY) % DAY;
  const [minute, hour] = [minutes % 60, Math.floor(minutes / 60)];
  if (recurrence.frequency === 'daily') return { cron: `${minute} ${hour} * * *` };
  if (recurrence.frequency === 'weekly') {
    return { cron: `${minute} ${hour} * * ${(recurrence.weekday + dayShift + 7) % 7}` };
  }
  const day = recurrence.dayOfMonth + dayShift;
  if (day < 1) {
    return {
      error:
        'Before 01:00 on the 1st falls in the previous month in UTC, which the mailer runs on. Choose 01:00 or later.',
    };
  }
  return { cron: `${minute} ${hour} ${day} * *` };
}

const NUMBER = /^\d{1,2}$/;

/** The recurrence a cron pattern made here stands for, or null for any other pattern. */
export function cronToRecurrence(cron: string, now = new Date()): Recurrence | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, weekday] = fields as [string, string, string, string, string];
  if (!NUMBER.test(minute) || !NUMBER.test(hour) || month !== '*') return null;
  let minutes = Number(hour) * 60 + Number(minute) + londonOffsetMinutes(now);
  const dayShift = minutes >= DAY ? 1 : 0;
  minutes %= DAY;
  const time = clock(minutes);
  if (dayOfMonth === '*' && weekday === '*') return { ...DEFAULT_RECURRENCE, frequency: 'daily', time };
  if (dayOfMonth === '*' && NUMBER.test(weekday) && Number(weekday) <= 7) {
    return { ...DEFAULT_RECURRENCE, frequency: 'weekly', weekday: (Number(weekday) + dayShift) % 7, time };
  }
  if (weekday === '*' && NUMBER.test(dayOfMonth) && Number(dayOfMonth) + dayShift <= 28) {
    return { ...DEFAULT_RECURRENCE, frequency: 'monthly', dayOfMonth: Number(dayOfMonth) + dayShift, time };
  }
  return null;
}

/** "Every Monday at 09:00" for a pattern made here, otherwise the pattern itself. */
export function describeCron(cron: string, now = new Date()): string {
  const recurrence = cronToRecurrence(cron, now);
  return recurrence ? describeRecurrence(recurrence) : `Repeats on the schedule “${cron}” (UTC)`;
}

/** The next day London's offset changes after `now`, and the offset from then, within a year. */
export function nextClockChange(now = new Date()): { at: Date; offsetMinutes: number } | null {
  const today = londonOffsetMinutes(now);
  for (let day = 1; day <= 366; day++) {
    const later = new Date(now.getTime() + day * DAY * 60_000);
    const offset = londonOffsetMinutes(later);
    if (offset === today) continue;
    // Back to the hour it changed, so the date shown is the day of the change.
    let at = later;
    while (londonOffsetMinutes(new Date(at.getTime() - 3_600_000)) === offset)
      at = new Date(at.getTime() - 3_600_000);
    return { at, offsetMinutes: offset };
  }
  return null;
}

/** UK time a recurrence made today runs at after the next clock change (an hour earlier or later). */
export function timeAfterClockChange(recurrence: Recurrence, now = new Date()): string | null {
  const change = nextClockChange(now);
  const match = TIME.exec(recurrence.time);
  if (!change || !match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]) + change.offsetMinutes - londonOffsetMinutes(now);
  return clock((minutes + DAY) % DAY);
}
