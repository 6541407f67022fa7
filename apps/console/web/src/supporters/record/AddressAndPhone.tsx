import { type FormEvent, useState } from 'react';
import { ErrorNotice, Notice } from '../../ui/Notice';
import { TextField } from '../../ui/Field';
import { aboutFields, fieldError, useUpdateSupporter } from './mutations';
import type { Profile } from './words';

const FIELDS = ['address', 'phone'] as const;

/** +447911123456 → "+44 7911 123456": the stored E.164 number, easier to read aloud. */
export function phoneWords(phone: string | null): string {
  if (!phone) return '';
  const uk = /^\+44(\d{4})(\d+)$/.exec(phone);
  return uk ? `+44 ${uk[1]} ${uk[2]}` : phone;
}

function AddressLines({ address }: { address: NonNullable<Profile['address']> }) {
  const lines = [
    ...address.lines,
    address.town,
    address.postcode,
    address.country === 'GB' ? null : address.country,
  ];
  return (
    <address className="postal-address">
      {lines
        .filter((line): line is string => Boolean(line))
        .map((line, index) => (
          <span key={`${line}-${index}`}>{line}</span>
        ))}
    </address>
  );
}

/** The profile's "Address and phone" panel; staff who may edit supporters get a form. */
export function AddressAndPhone({ person, editable }: { person: Profile; editable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="address-title" className="panel">
      <h2 id="address-title">Address and phone</h2>
      {saved && !editing && <Notice kind="success">Address and phone saved.</Notice>}
      {editing ? (
        <AddressForm
          person={person}
          onDone={(didSave) => {
            setEditing(false);
            setSaved(didSave);
          }}
        />
      ) : (
        <>
          <dl className="details">
            <dt>Address</dt>
            <dd>{person.address ? <AddressLines address={person.address} /> : 'Not known'}</dd>
            <dt>Phone</dt>
            <dd>{phoneWords(person.phone) || 'Not known'}</dd>
          </dl>
          {editable && (
            <div className="actions">
              <button
                type="button"
                onClick={() => {
                  setSaved(false);
                  setEditing(true);
                }}
              >
                Edit address and phone
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function AddressForm({ person, onDone }: { person: Profile; onDone(saved: boolean): void }) {
  const lines = person.address?.lines ?? [];
  const [form, setForm] = useState({
    line1: lines[0] ?? '',
    line2: lines[1] ?? '',
    line3: lines[2] ?? '',
    town: person.address?.town ?? '',
    postcode: person.address?.postcode ?? '',
    country: person.address?.country ?? 'GB',
    phone: person.phone ?? '',
  });
  const save = useUpdateSupporter(person.id, () => onDone(true));
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const addressLines = [form.line1, form.line2, form.line3].map((line) => line.trim()).filter(Boolean);
    const blank = addressLines.length === 0 && !form.town.trim() && !form.postcode.trim();
    const country = form.country.trim().toUpperCase() || 'GB';
    save.mutate({
      address: blank
        ? null
        : { lines: addressLines, town: form.town.trim(), postcode: form.postcode.trim() || null, country },
      phone: form.phone.trim() || null,
    });
  };
  const error = save.error;
  return (
    <form onSubmit={submit} noValidate aria-label="Address and phone">
      {!aboutFields(error, FIELDS) && <ErrorNotice error={error} />}
      <TextField
        label="Address line 1"
        hint="House name or number and street."
        autoComplete="off"
        value={form.line1}
        onChange={set('line1')}
        error={fieldError(error, 'address.lines')}
      />
      <TextField
        label="Address line 2 (optional)"
        autoComplete="off"
        value={form.line2}
        onChange={set('line2')}
      />
      <TextField
        label="Address line 3 (optional)"
        autoComplete="off"
        value={form.line3}
        onChange={set('line3')}
      />
      <TextField
        label="Town or city"
        autoComplete="off"
        value={form.town}
        onChange={set('town')}
        error={fieldError(error, 'address.town')}
      />
      <TextField
        label="Postcode"
        autoComplete="off"
        className="input-short"
        value={form.postcode}
        onChange={set('postcode')}
        error={fieldError(error, 'address.postcode')}
      />
      <TextField
        label="Country code"
        hint="GB for the United Kingdom; another country's two-letter code otherwise."
        autoComplete="off"
        className="input-short"
        maxLength={2}
        value={form.country}
        onChange={set('country')}
        error={fieldError(error, 'address.country')}
      />
      <TextField
        label="Phone"
        hint="A UK number, or an international one starting with +."
        type="tel"
        autoComplete="off"
        value={form.phone}
        onChange={set('phone')}
        error={fieldError(error, 'phone')}
      />
      <p className="muted">Leave every address field empty to remove the address.</p>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save address and phone'}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
