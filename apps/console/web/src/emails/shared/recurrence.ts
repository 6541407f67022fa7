/**
 * A repeating send as a person chooses it ("every Monday at 09:00", UK time) and the cron pattern
 * the mailer accepts for it, which the mailer reads on UK time (docs/mailer.md).
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

/**
 * The cron pattern for a UK-time recurrence. The mailer reads a cron on UK time (GMT or BST), so
 * the pattern is the time as chosen and the send stays at it when the clocks change.
 */
export function recurrenceToCron(recurrence: Recurrence): { cron: string } | { error: string } {
  const match = TIME.exec(recurrence.time);
  if (!match) return { error: 'Enter a time, such as 09:00.' };
  const [minute, hour] = [Number(match[2]), Number(match[1])];
  if (recurrence.frequency === 'daily') return { cron: `${minute} ${hour} * * *` };
  if (recurrence.frequency === 'weekly') return { cron: `${minute} ${hour} * * ${recurrence.weekday}` };
  return { cron: `${minute} ${hour} ${recurrence.dayOfMonth} * *` };
}

const NUMBER = /^\d{1,2}$/;

/** The recurrence a cron pattern made here stands for, or null for any other pattern. */
export function cronToRecurrence(cron: string): Recurrence | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, weekday] = fields as [string, string, string, string, string];
  if (!NUMBER.test(minute) || !NUMBER.test(hour) || month !== '*') return null;
  if (Number(minute) > 59 || Number(hour) > 23) return null;
  const time = clock(Number(hour) * 60 + Number(minute));
  if (dayOfMonth === '*' && weekday === '*') return { ...DEFAULT_RECURRENCE, frequency: 'daily', time };
  if (dayOfMonth === '*' && NUMBER.test(weekday) && Number(weekday) <= 7) {
    return { ...DEFAULT_RECURRENCE, frequency: 'weekly', weekday: Number(weekday) % 7, time };
  }
  if (weekday === '*' && NUMBER.test(dayOfMonth) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 28) {
    return { ...DEFAULT_RECURRENCE, frequency: 'monthly', dayOfMonth: Number(dayOfMonth), time };
  }
  return null;
}

/** "Every Monday at 09:00" for a pattern made here, otherwise the pattern itself. */
export function describeCron(cron: string): string {
  const recurrence = cronToRecurrence(cron);
  return recurrence ? describeRecurrence(recurrence) : `Repeats on the schedule “${cron}”`;
}
