import { type FormEvent, useState } from 'react';
import { Field, SelectField, TextField } from '../../ui/Field';
import { ErrorNotice, Notice } from '../../ui/Notice';
import { aboutFields, fieldError, useUpdateSupporter } from './mutations';
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  contactableNote,
  eventNote,
  eventSentence,
  preferenceSentence,
  type Profile,
} from './words';

/** The profile's "Contact preferences" panel: each channel in words, its history, and a form to change one. */
export function ContactPreferences({ person, editable }: { person: Profile; editable: boolean }) {
  const { channels, history } = person.contactPreferences;
  const [changing, setChanging] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="preferences-title" className="panel">
      <h2 id="preferences-title">Contact preferences</h2>
      {saved && !changing && <Notice kind="success">Preference saved.</Notice>}
      {person.deceased && <p>No channel may be used: their death is recorded.</p>}
      <ul className="plain preferences">
        {channels.map((preference) => {
          const note = contactableNote(preference, person);
          return (
            <li key={preference.channel}>
              {preferenceSentence(preference)}
              {note && <span className="preference-note">{note}</span>}
            </li>
          );
        })}
      </ul>
      {history.length > 0 && (
        <details>
          <summary>History of changes ({history.length})</summary>
          <ol className="history">
            {history.map((event, index) => (
              <li key={`${event.occurredAt}-${index}`}>
                {eventSentence(event)}
                {eventNote(event) && <span className="muted"> “{eventNote(event)}”</span>}
              </li>
            ))}
          </ol>
        </details>
      )}
      {editable &&
        (changing ? (
          <PreferenceForm
            person={person}
            onDone={(didSave) => {
              setChanging(false);
              setSaved(didSave);
            }}
          />
        ) : (
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setSaved(false);
                setChanging(true);
              }}
            >
              Change a preference
            </button>
          </div>
        ))}
    </section>
  );
}

type Answer = 'consent' | 'legitimate_interests' | 'supporter_request';

/** Email and texts need consent under PECR; legitimate interests is offered for post and phone only. */
function answersFor(channel: Channel): { value: Answer; label: string }[] {
  return [
    { value: 'consent', label: 'Yes — they gave their consent' },
    ...(channel === 'post' || channel === 'phone'
      ? [{ value: 'legitimate_interests' as const, label: 'Yes — on legitimate interests' }]
      : []),
    { value: 'supporter_request', label: 'No — they asked not to be contacted this way' },
  ];
}

function PreferenceForm({ person, onDone }: { person: Profile; onDone(saved: boolean): void }) {
  const [channel, setChannel] = useState<Channel>('post');
  const [answer, setAnswer] = useState<Answer>('legitimate_interests');
  const [note, setNote] = useState('');
  const save = useUpdateSupporter(person.id, () => onDone(true));
  const answers = answersFor(channel);
  const chosen = answers.some((option) => option.value === answer) ? answer : answers[0]!.value;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      contactPreferences: {
        [channel]: {
          status: chosen === 'supporter_request' ? 'refused' : 'allowed',
          basis: chosen,
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      },
    });
  };
  const prefix = `contactPreferences.${channel}`;
  return (
    <form onSubmit={submit} noValidate aria-label="Change a preference" className="subform">
      {!aboutFields(save.error, [prefix]) && <ErrorNotice error={save.error} />}
      <SelectField
        label="Channel"
        value={channel}
        onChange={(event) => setChannel(event.target.value as Channel)}
        options={CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }))}
      />
      <Field label="Their answer" error={fieldError(save.error, prefix)}>
        {(props) => (
          <select {...props} value={chosen} onChange={(event) => setAnswer(event.target.value as Answer)}>
            {answers.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField
        label="How they told us (optional)"
        hint="For example: phone call on 3 Nov, reply card."
        autoComplete="off"
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the preference'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
