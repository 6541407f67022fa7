import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { dateTime } from '../../format';
import { TextField } from '../../ui/Field';
import { FormErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { londonToUtc, londonWallTime, type LondonWallTime } from '../shared/london-time';
import { useSaveCampaign } from './useSaveCampaign';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The saved time, or tomorrow at 09:00, as London wall time. */
function initialTime(campaign: Campaign): LondonWallTime {
  if (campaign.scheduledAt) return londonWallTime(new Date(campaign.scheduledAt));
  return { date: londonWallTime(new Date(Date.now() + DAY_MS)).date, time: '09:00' };
}

/** Send once, at a UK date and time; stored by the mailer as the UTC instant it names. */
export function ScheduleForm({
  campaign,
  onScheduled,
}: {
  campaign: Campaign;
  onScheduled(at: string): void;
}) {
  const [wall, setWall] = useState<LondonWallTime>(() => initialTime(campaign));
  const [invalid, setInvalid] = useState<string | undefined>();
  const save = useSaveCampaign(campaign.id);
  const apiError = save.error instanceof ApiError ? save.error : null;
  const converted = londonToUtc(wall);

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
          type="date"
          value={wall.date}
          onChange={(event) => setWall({ ...wall, date: event.target.value })}
          error={invalid ?? apiError?.forField('scheduledAt')}
        />
        <TextField
          label="Time (UK time)"
          hint="24-hour clock, as clocks in the UK show it that day (GMT or BST)."
          type="time"
          value={wall.time}
          onChange={(event) => setWall({ ...wall, time: event.target.value })}
        />
      </div>
      {'instant' in converted && (
        <p className="muted">It will go on {dateTime(converted.instant)}, UK time.</p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Scheduling…' : 'Schedule email'}
        </button>
      </div>
    </form>
  );
}
