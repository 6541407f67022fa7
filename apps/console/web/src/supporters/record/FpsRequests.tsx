import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { subscribersApi, unwrap } from '../../api/clients';
import { date, isoFromUkDate, ukDateProblem, ukFromIsoDate } from '../../format';
import { TextField } from '../../ui/Field';
import { ErrorNotice, Notice } from '../../ui/Notice';
import { aboutFields, fieldError } from './mutations';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  calendarDate,
  channelList,
  londonToday,
  type Profile,
} from './words';

const FIELDS = ['reference', 'receivedOn', 'channels'] as const;

/** Fundraising Preference Service requests: each applied at once, shown with the Code's 28-day deadline. */
export function FpsRequests({ person, editable }: { person: Profile; editable: boolean }) {
  const requests = person.contactPreferences.fpsRequests;
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState(false);
  return (
    <section aria-labelledby="fps-title" className="panel">
      <h2 id="fps-title">Fundraising Preference Service</h2>
      {recorded && !recording && (
        <Notice kind="success">FPS request recorded. The channels it names were stopped at once.</Notice>
      )}
      {requests.length === 0 ? (
        <p className="muted">No FPS request received.</p>
      ) : (
        <ul className="plain fps-requests">
          {requests.map((request) => (
            <li key={request.id}>
              <strong>{request.reference}</strong>, received {calendarDate(request.receivedOn)}: stop{' '}
              {channelList(request.channels)}.
              <br />
              <span>Apply by {calendarDate(request.deadline)}</span>{' '}
              <span className="muted">
                (applied at once on {date(request.recordedAt)}
                {request.recordedBy ? ` by ${request.recordedBy}` : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
      {editable &&
        (recording ? (
          <FpsForm
            person={person}
            onDone={(didRecord) => {
              setRecording(false);
              setRecorded(didRecord);
            }}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setRecorded(false);
                setRecording(true);
              }}
            >
              Record an FPS request
            </button>
          </div>
        ))}
    </section>
  );
}

function FpsForm({ person, onDone }: { person: Profile; onDone(recorded: boolean): void }) {
  const queryClient = useQueryClient();
  const [reference, setReference] = useState('');
  const [receivedOn, setReceivedOn] = useState(ukFromIsoDate(londonToday()));
  const [receivedProblem, setReceivedProblem] = useState<string | undefined>();
  const [channels, setChannels] = useState<Channel[]>([...CHANNELS]);
  const record = useMutation({
    mutationFn: () =>
      unwrap(
        subscribersApi.POST('/supporters/{id}/fps-requests', {
          params: { path: { id: person.id } },
          body: {
            reference: reference.trim(),
            receivedOn: isoFromUkDate(receivedOn) ?? receivedOn,
            channels,
          },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['supporters'] });
      onDone(true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = ukDateProblem(receivedOn);
    setReceivedProblem(problem);
    if (!problem) record.mutate();
  };
  const toggle = (channel: Channel, on: boolean) =>
    setChannels(CHANNELS.filter((value) => (value === channel ? on : channels.includes(value))));
  const channelsError = fieldError(record.error, 'channels');
  return (
    <form onSubmit={submit} noValidate aria-label="Record an FPS request" className="subform">
      {!aboutFields(record.error, FIELDS) && <ErrorNotice error={record.error} />}
      <p>
        The channels it names are stopped as soon as you save. The Code of Fundraising Practice allows 28 days
        from the day it was received.
      </p>
      <TextField
        label="FPS reference"
        hint="As on the Fundraising Preference Service's notice, e.g. FPS-2026-001234."
        autoComplete="off"
        value={reference}
        onChange={(event) => setReference(event.target.value)}
        error={fieldError(record.error, 'reference')}
      />
      <TextField
        label="Date received"
        hint="DD/MM/YYYY"
        className="input-short"
        inputMode="numeric"
        value={receivedOn}
        onChange={(event) => setReceivedOn(event.target.value)}
        error={receivedProblem ?? fieldError(record.error, 'receivedOn')}
      />
      <fieldset aria-describedby={channelsError ? 'fps-channels-error' : undefined}>
        <legend>Channels it names</legend>
        {channelsError && (
          <p className="field-error" id="fps-channels-error">
            {channelsError}
          </p>
        )}
        {CHANNELS.map((channel) => (
          <label key={channel} className="check">
            <input
              type="checkbox"
              checked={channels.includes(channel)}
              onChange={(event) => toggle(channel, event.target.checked)}
            />{' '}
            {CHANNEL_LABELS[channel]}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={record.isPending}>
          {record.isPending ? 'Saving…' : 'Record the request'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
