import { date, dateTime, time } from '../../format';

/** A moment in UK time as briefly as it stays clear: "14:35" today, "07/12/2026 09:00" another day. */
export function when(instant: string, now = new Date()): string {
  return date(instant) === date(now) ? time(instant) : dateTime(instant);
}
