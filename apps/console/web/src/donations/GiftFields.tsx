import type { ApiError } from '../api/errors';
import { isoFromUkDate, ukDateProblem } from '../format';
import { SelectField, TextField } from '../ui/Field';
import { METHOD_LABELS, OFFLINE_METHODS, type OfflineMethod, pence } from './labels';

/** What a fundraiser types about a gift, before it becomes the API's body. */
export interface GiftDraft {
  amount: string;
  receivedAt: string;
  method: OfflineMethod | '';
  campaign: string;
  reference: string;
  giftAid: boolean;
}

export type GiftProblems = Partial<Record<'amount' | 'receivedAt' | 'method', string>>;

/** The fields' own mistakes, found before anything is sent. */
export function giftProblems(draft: GiftDraft): GiftProblems {
  const amount = pence(draft.amount);
  const received = isoFromUkDate(draft.receivedAt);
  return {
    amount: amount === null || amount < 1 ? 'Enter the amount in pounds, e.g. 25 or 1,250.50.' : undefined,
    receivedAt: !received
      ? ukDateProblem(draft.receivedAt)
      : new Date(`${received}T00:00:00Z`) > new Date()
        ? 'The date received cannot be in the future.'
        : undefined,
    method: draft.method ? undefined : 'Choose how the gift was paid.',
  };
}

/** The body fields for POST or PATCH /donations (after giftProblems found none). */
export function giftBody(draft: GiftDraft) {
  return {
    amount: pence(draft.amount)!,
    currency: 'gbp',
    receivedAt: isoFromUkDate(draft.receivedAt)!,
    method: draft.method as OfflineMethod,
    campaign: draft.campaign.trim() || undefined,
    reference: draft.reference.trim() || undefined,
    giftAid: draft.giftAid,
  };
}

/** Amount, date received, method, campaign, reference and Gift Aid, each with its error beside it. */
export function GiftFields({
  draft,
  onChange,
  problems,
  error,
}: {
  draft: GiftDraft;
  onChange(draft: GiftDraft): void;
  problems: GiftProblems;
  error: ApiError | null;
}) {
  const set =
    (key: 'amount' | 'receivedAt' | 'campaign' | 'reference') => (event: { target: { value: string } }) =>
      onChange({ ...draft, [key]: event.target.value });
  return (
    <>
      <TextField
        label="Amount (£)"
        hint="In pounds, e.g. 25 or 1,250.50."
        inputMode="decimal"
        value={draft.amount}
        onChange={set('amount')}
        error={problems.amount ?? error?.forField('amount')}
      />
      <TextField
        label="Date received"
        hint="DD/MM/YYYY, e.g. the date on the cheque's paying-in slip."
        inputMode="numeric"
        value={draft.receivedAt}
        onChange={set('receivedAt')}
        error={problems.receivedAt ?? error?.forField('receivedAt')}
      />
      <SelectField
        label="Payment method"
        value={draft.method}
        onChange={(event) => onChange({ ...draft, method: event.target.value as OfflineMethod | '' })}
        error={problems.method ?? error?.forField('method')}
        options={[
          { value: '', label: 'Choose…' },
          ...OFFLINE_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] })),
        ]}
      />
      <TextField
        label="Campaign or appeal (optional)"
        hint="e.g. Winter appeal 2026"
        value={draft.campaign}
        onChange={set('campaign')}
        error={error?.forField('campaign')}
      />
      <TextField
        label="Reference (optional)"
        hint="Cheque number, bank reference or the platform's donation ID."
        value={draft.reference}
        onChange={set('reference')}
        error={error?.forField('reference')}
      />
      <label className="choice">
        <input
          type="checkbox"
          checked={draft.giftAid}
          onChange={(event) => onChange({ ...draft, giftAid: event.target.checked })}
        />
        <span>
          <strong>Gift Aid applies.</strong> The donor is a UK taxpayer and Gift Aid may be claimed once a
          declaration covers this gift.
        </span>
      </label>
    </>
  );
}
