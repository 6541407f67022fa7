import { date, time } from '../../format';
import { onDateAt } from '../shared/campaign';

/** A moment in UK time as briefly as it stays clear: "14:35" today, "07/12/2026 at 09:00" another day. */
export function when(instant: string, now = new Date()): string {
  return date(instant) === date(now) ? time(instant) : onDateAt(instant);
}

/** "on 07/12/2026 at 09:00", for a sentence. */
export const onDay = (instant: string): string => `on ${onDateAt(instant)}`;
