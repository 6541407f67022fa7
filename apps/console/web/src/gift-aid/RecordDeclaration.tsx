import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { donationsApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/donations';
import { date, isoFromUkDate, money } from '../format';
import { Field, SelectField, TextField } from '../ui/Field';
import { FormErrorNotice } from '../ui/Notice';
import { useRefreshGiftAid } from './queries';
import { dayForApi, type Declaration, METHOD_LABELS, UK_DATE_ERROR, ukToday } from './words';

type Body = components['schemas']['CreateDeclarationDto'];

/** What the form needs to know about the supporter to start filled in. */
export interface DeclaringSupporter {
  id: string;
  firstName: string | null;
  lastName: string | null;
  address?: { lines: string[]; postcode: string | null } | null;
  donations: {
    gifts: { id: string; amount: number; currency: string; paidAt?: string | null; createdAt: string }[];
  };
}

const FIELDS = [
  'method',
  'declaredAt',
  'title',
  'firstName',
  'lastName',
  'houseNameOrNumber',
  'postcode',
  'scope',
  'donationId',
  'coversFrom',
  'coversFuture',
  'evidenceNote',
] as const;

/** "12 High Street" → "12"; "Rose Cottage, Mill Lane" → "Rose Cottage": HMRC wants the name or number only. */
const houseOf = (line: string | undefined): string => {
  if (!line) return '';
  const number = /^(\d+[a-z]?)\b/i.exec(line.trim());
  return number ? number[1]! : (line.split(',')[0] ?? '').trim();
};

/** Records a declaration made in writing, by phone or in person, or online elsewhere. */
export function RecordDeclaration({
  supporter,
  onDone,
  onClose,
}: {
  supporter: DeclaringSupporter;
  onDone(declaration: Declaration): void;
  onClose(): void;
}) {
  const refresh = useRefreshGiftAid();
  const today = ukToday();
  const [invalid, setInvalid] = useState<{ declaredAt?: boolean; coversFrom?: boolean }>({});
  const [form, setForm] = useState({
    method: 'written' as Body['method'],
    declaredAt: today,
    title: '',
    firstName: supporter.firstName ?? '',
    lastName: supporter.lastName ?? '',
    houseNameOrNumber: houseOf(supporter.address?.lines[0]),
    postcode: supporter.address?.postcode ?? '',
    scope: 'supporter_gifts' as Body['scope'],
    donationId: supporter.donations.gifts[0]?.id ?? '',
    coversFrom: today,
    coversFuture: true,
    evidenceNote: '',
  });
  const set = (change: Partial<typeof form>) => setForm({ ...form, ...change });
  const save = useMutation({
    mutationFn: ({ declaredAt, coversFrom }: { declaredAt?: string; coversFrom?: string }) => {
      const body: Body = {
        method: form.method,
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        houseNameOrNumber: form.houseNameOrNumber.trim(),
        postcode: form.postcode.trim(),
        scope: form.scope,
        // Today means now; an earlier day is taken from its start.
        ...(declaredAt && { declaredAt }),
        ...(form.title.trim() && { title: form.title.trim() }),
        ...(form.evidenceNote.trim() && { evidenceNote: form.evidenceNote.trim() }),
        ...(form.scope === 'this_gift'
          ? { donationId: form.donationId }
          : { coversFuture: form.coversFuture, ...(coversFrom && { coversFrom }) }),
      };
      return unwrap(
        donationsApi.POST('/supporters/{id}/gift-aid-declarations', {
          params: { path: { id: supporter.id } },
          body,
        }),
      );
    },
    onSuccess: async (declaration) => {
      onDone(declaration);
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const declaredAt = dayForApi(form.declaredAt);
    const coversFrom = form.coversFrom.trim() ? isoFromUkDate(form.coversFrom) : undefined;
    const wrong = { declaredAt: declaredAt === 'invalid', coversFrom: coversFrom === null };
    setInvalid(wrong);
    if (declaredAt === 'invalid' || coversFrom === null) return;
    save.mutate({ declaredAt: declaredAt.value, coversFrom });
  };
  const error = save.error instanceof ApiError ? save.error : null;
  const gifts = supporter.donations.gifts;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-declaration-title">
      <h3 id="record-declaration-title">Record a declaration</h3>
      <FormErrorNotice error={save.error} fields={FIELDS} />
      <fieldset>
        <legend>How it was made</legend>
        {error?.forField('method') && <p className="field-error">{error.forField('method')}</p>}
        {(['written', 'oral', 'online'] as const).map((method) => (
          <div className="choice" key={method}>
            <input
              id={`declaration-method-${method}`}
              type="radio"
              name="method"
              checked={form.method === method}
              onChange={() => set({ method })}
            />
            <label htmlFor={`declaration-method-${method}`}>{METHOD_LABELS[method]}</label>
          </div>
        ))}
      </fieldset>
      {form.method === 'oral' && (
        <p className="hint before-field">
          It will count only once the donor has been sent its written confirmation, by email or post.
        </p>
      )}
      <TextField
        label="Declared on"
        hint="DD/MM/YYYY"
        inputMode="numeric"
        autoComplete="off"
        value={form.declaredAt}
        onChange={(event) => set({ declaredAt: event.target.value })}
        error={invalid.declaredAt ? UK_DATE_ERROR : error?.forField('declaredAt')}
      />
      <div className="two-columns">
        <TextField
          label="Title (optional)"
          hint="Up to 4 letters, e.g. Mrs, Dr."
          autoComplete="off"
          maxLength={4}
          value={form.title}
          onChange={(event) => set({ title: event.target.value })}
          error={error?.forField('title')}
        />
        <TextField
          label="First name"
          autoComplete="off"
          value={form.firstName}
          onChange={(event) => set({ firstName: event.target.value })}
          error={error?.forField('firstName')}
        />
        <TextField
          label="Last name"
          autoComplete="off"
          value={form.lastName}
          onChange={(event) => set({ lastName: event.target.value })}
          error={error?.forField('lastName')}
        />
        <TextField
          label="House name or number"
          autoComplete="off"
          value={form.houseNameOrNumber}
          onChange={(event) => set({ houseNameOrNumber: event.target.value })}
          error={error?.forField('houseNameOrNumber')}
        />
        <TextField
          label="Postcode"
          autoComplete="off"
          value={form.postcode}
          onChange={(event) => set({ postcode: event.target.value })}
          error={error?.forField('postcode')}
        />
      </div>
      <fieldset>
        <legend>What it covers</legend>
        {error?.forField('scope') && <p className="field-error">{error.forField('scope')}</p>}
        <div className="choice">
          <input
            id="declaration-scope-all"
            type="radio"
            name="scope"
            checked={form.scope === 'supporter_gifts'}
            onChange={() => set({ scope: 'supporter_gifts' })}
          />
          <label htmlFor="declaration-scope-all">Their gifts from a date</label>
        </div>
        <div className="choice">
          <input
            id="declaration-scope-one"
            type="radio"
            name="scope"
            checked={form.scope === 'this_gift'}
            disabled={gifts.length === 0}
            onChange={() => set({ scope: 'this_gift' })}
          />
          <label htmlFor="declaration-scope-one">One gift only</label>
        </div>
      </fieldset>
      {form.scope === 'supporter_gifts' ? (
        <>
          <TextField
            label="Covers gifts from"
            hint="DD/MM/YYYY. HMRC allows up to 4 years before the declaration, and no claim for a gift more than 4 years after the end of the accounting year it came in."
            inputMode="numeric"
            autoComplete="off"
            value={form.coversFrom}
            onChange={(event) => set({ coversFrom: event.target.value })}
            error={invalid.coversFrom ? UK_DATE_ERROR : error?.forField('coversFrom')}
          />
          <div className="choice">
            <input
              id="declaration-future"
              type="checkbox"
              checked={form.coversFuture}
              onChange={(event) => set({ coversFuture: event.target.checked })}
            />
            <label htmlFor="declaration-future">And all their future gifts</label>
          </div>
        </>
      ) : (
        <SelectField
          label="Which gift"
          value={form.donationId}
          onChange={(event) => set({ donationId: event.target.value })}
          error={error?.forField('donationId')}
          options={gifts.map((gift) => ({
            value: gift.id,
            label: `${money(gift.amount, gift.currency)} on ${date(gift.paidAt ?? gift.createdAt)}`,
          }))}
        />
      )}
      <Field
        label="Evidence (optional)"
        hint="Where the proof is kept: the paper form's reference, or the call it was made on."
        error={error?.forField('evidenceNote')}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={500}
            value={form.evidenceNote}
            onChange={(event) => set({ evidenceNote: event.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the declaration'}
        </button>
        <button type="button" onClick={onClose} disabled={save.isPending}>
          Close without saving
        </button>
      </div>
    </form>
  );
}
