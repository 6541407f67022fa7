import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { onDateAt } from '../shared/campaign';
import { TextField } from '../../ui/Field';
import { FormErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { londonToUtc, londonWallTime, parseClock, parseUkDate, ukDate } from '../shared/london-time';
import { useSaveCampaign } from './useSaveCampaign';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The saved time, or tomorrow at 09:00, as typed in the UK: DD/MM/YYYY and HH:MM. */
function initialTime(campaign: Campaign): { date: string; time: string } {
  const wall = campaign.scheduledAt
    ? londonWallTime(new Date(campaign.scheduledAt))
    : { date: londonWallTime(new Date(Date.now() + DAY_MS)).date, time: '09:00' };
  return { date: ukDate(wall.date), time: wall.time };
}

/** The typed date and time as a UTC instant, or what is wrong with them. */
function instantOf(typed: { date: string; time: string }): { instant: Date } | { error: string } {
  const date = parseUkDate(typed.date);
  if (!date) return { error: 'Enter the date as DD/MM/YYYY, for example 01/07/2027.' };
  const time = parseClock(typed.time);
  if (!time) return { error: 'Enter the time on the 24-hour clock, for example 09:30 or 18:00.' };
  return londonToUtc({ date, time });
}

/** Send once, at a UK date and time; stored by the mailer as the UTC instant it names. */
export function ScheduleForm({
  campaign,
  onScheduled,
}: {
  campaign: Campaign;
  onScheduled(at: string): void;
}) {
  const [wall, setWall] = useState(() => initialTime(campaign));
  const [invalid, setInvalid] = useState<string | undefined>();
  const save = useSaveCampaign(campaign.id);
  const apiError = save.error instanceof ApiError ? save.error : null;
  const converted = instantOf(wall);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if ('error' in converted) return setInvalid(converted.error);
    if (converted.instant.getTime() <= Date.now()) return setInvalid('Choose a time in the future.');
    setInvalid(undefined);
    save.mutate(
      { scheduledAt: converted.instant.toISOString(), cron: null },
      { onSuccess: (saved) => onScheduled(saved.scheduledAt ?? converted.instant.toISOString()) },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <FormErrorNotice error={save.error} fields={['scheduledAt']} />
      <div className="two-columns">
        <TextField
          label="Date"
          hint="DD/MM/YYYY"
          inputMode="numeric"
          autoComplete="off"
          value={wall.date}
          onChange={(event) => setWall({ ...wall, date: event.target.value })}
          error={invalid ?? apiError?.forField('scheduledAt')}
        />
        <TextField
          label="Time (UK)"
          hint="24-hour clock, such as 09:30"
          inputMode="numeric"
          autoComplete="off"
          value={wall.time}
          onChange={(event) => setWall({ ...wall, time: event.target.value })}
        />
      </div>
      {'instant' in converted && (
        <p className="muted">It will go on {onDateAt(converted.instant)}, UK time.</p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Scheduling…' : 'Schedule email'}
        </button>
      </div>
    </form>
  );
}
