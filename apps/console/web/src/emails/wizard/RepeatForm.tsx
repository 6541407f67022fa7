import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { SelectField, TextField } from '../../ui/Field';
import { FormErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import {
  cronToRecurrence,
  DEFAULT_RECURRENCE,
  describeRecurrence,
  type Frequency,
  ordinal,
  type Recurrence,
  recurrenceToCron,
  WEEKDAYS,
} from '../shared/recurrence';
import { parseClock } from '../shared/london-time';
import { useSaveCampaign } from './useSaveCampaign';

const FREQUENCIES: { value: Frequency; label: string }[] = [
  { value: 'daily', label: 'Every day' },
  { value: 'weekly', label: 'Every week' },
  { value: 'monthly', label: 'Every month' },
];
const WEEKDAY_OPTIONS = WEEKDAYS.map((day, index) => ({ value: String(index), label: day }));
const MONTH_DAY_OPTIONS = Array.from({ length: 28 }, (_, index) => ({
  value: String(index + 1),
  label: ordinal(index + 1),
}));

/**
 * Send again and again to whoever is in the audience each time, on a schedule chosen in words;
 * saved as the cron pattern the mailer runs on UK time, so it keeps its time when the clocks change.
 */
export function RepeatForm({
  campaign,
  onSaved,
}: {
  campaign: Campaign;
  onSaved(description: string): void;
}) {
  const [recurrence, setRecurrence] = useState<Recurrence>(
    () => (campaign.cron && cronToRecurrence(campaign.cron)) || DEFAULT_RECURRENCE,
  );
  const [typedTime, setTypedTime] = useState(recurrence.time);
  const [invalid, setInvalid] = useState<string | undefined>();
  const save = useSaveCampaign(campaign.id);
  const apiError = save.error instanceof ApiError ? save.error : null;
  const set = (changes: Partial<Recurrence>) => setRecurrence({ ...recurrence, ...changes });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!parseClock(typedTime))
      return setInvalid('Enter the time on the 24-hour clock, for example 09:00 or 18:30.');
    const made = recurrenceToCron(recurrence);
    if ('error' in made) return setInvalid(made.error);
    setInvalid(undefined);
    save.mutate(
      { cron: made.cron, scheduledAt: null },
      { onSuccess: () => onSaved(describeRecurrence(recurrence)) },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <FormErrorNotice error={save.error} fields={['cron']} />
      <div className="two-columns">
        <SelectField
          label="How often"
          value={recurrence.frequency}
          onChange={(event) => set({ frequency: event.target.value as Frequency })}
          options={FREQUENCIES}
          error={apiError?.forField('cron')}
        />
        {recurrence.frequency === 'weekly' && (
          <SelectField
            label="On"
            value={String(recurrence.weekday)}
            onChange={(event) => set({ weekday: Number(event.target.value) })}
            options={WEEKDAY_OPTIONS}
          />
        )}
        {recurrence.frequency === 'monthly' && (
          <SelectField
            label="On the"
            value={String(recurrence.dayOfMonth)}
            onChange={(event) => set({ dayOfMonth: Number(event.target.value) })}
            options={MONTH_DAY_OPTIONS}
          />
        )}
        <TextField
          label="At (UK time)"
          hint="24-hour clock, such as 09:00"
          inputMode="numeric"
          autoComplete="off"
          value={typedTime}
          onChange={(event) => {
            setTypedTime(event.target.value);
            const time = parseClock(event.target.value);
            if (time) set({ time });
          }}
          error={invalid}
        />
      </div>
      <p>
        <strong>{describeRecurrence(recurrence)}</strong>, to everyone in the audience who can be emailed at
        the time.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Start repeating'}
        </button>
      </div>
    </form>
  );
}
