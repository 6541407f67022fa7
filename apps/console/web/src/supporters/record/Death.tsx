import { type FormEvent, useState } from 'react';
import { date, isoFromUkDate, ukDateProblem } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/Field';
import { ErrorNotice } from '../../ui/Notice';
import { aboutFields, fieldError, useUpdateSupporter } from './mutations';
import { calendarDate, type Profile } from './words';

/** At the top of a deceased person's profile, so nobody contacts their family by mistake. */
export function DeceasedBanner({ person, name }: { person: Profile; name: string }) {
  if (!person.deceased) return null;
  const died = person.dateOfDeath ? ` on ${calendarDate(person.dateOfDeath)}` : '';
  return (
    <div className="deceased-banner" role="status">
      <strong>
        {name} died{died}.
      </strong>{' '}
      Do not contact them: they receive no email, letter, call or text, and are in no audience.
      {person.deceasedAt && <span className="muted"> Recorded on {date(person.deceasedAt)}.</span>}
    </div>
  );
}

/** "Record a death": a date of death and a confirmation that says what it stops. */
export function RecordDeath({ person, name }: { person: Profile; name: string }) {
  const [dateOfDeath, setDateOfDeath] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typedProblem, setTypedProblem] = useState<string | undefined>();
  const save = useUpdateSupporter(person.id, () => setConfirming(false));
  if (person.deceased) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.reset();
    const problem = dateOfDeath.trim() ? ukDateProblem(dateOfDeath) : undefined;
    setTypedProblem(problem);
    if (!problem) setConfirming(true);
  };
  const isoDateOfDeath = isoFromUkDate(dateOfDeath);
  const dateError = typedProblem ?? fieldError(save.error, 'dateOfDeath');
  return (
    <section aria-labelledby="death-title" className="panel">
      <h2 id="death-title">Record a death</h2>
      <form onSubmit={submit} noValidate aria-label="Record a death">
        {!confirming && !aboutFields(save.error, ['dateOfDeath']) && <ErrorNotice error={save.error} />}
        <TextField
          label="Date of death (optional)"
          hint="DD/MM/YYYY. Leave it empty if you do not know it."
          className="input-short"
          inputMode="numeric"
          value={dateOfDeath}
          onChange={(event) => setDateOfDeath(event.target.value)}
          error={confirming ? undefined : dateError}
        />
        <div className="actions">
          <button type="submit">Record {name}&rsquo;s death</button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={`Record ${name}’s death?`}
        confirmLabel="Record the death"
        destructive
        busy={save.isPending}
        onConfirm={() =>
          save.mutate({ deceased: true, ...(isoDateOfDeath ? { dateOfDeath: isoDateOfDeath } : {}) })
        }
        onCancel={() => setConfirming(false)}
      >
        <p>
          This stops all contact with {name} at once: no emails, letters, calls or texts, including receipts.
          They are removed from every audience, so no campaign reaches them.
        </p>
        {isoDateOfDeath && <p>Date of death: {calendarDate(isoDateOfDeath)}.</p>}
        <p>Their gifts and Gift Aid declarations are kept.</p>
        {dateError ? <p className="field-error">{dateError}</p> : <ErrorNotice error={save.error} />}
      </ConfirmDialog>
    </section>
  );
}
