import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { TextField } from '../../ui/Field';
import { FormErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { plainTagError } from './MergeFieldButtons';
import { useSaveCampaign } from './useSaveCampaign';

export interface Details {
  name: string;
  subject: string;
  fromName: string;
  replyTo: string;
}

export const EMPTY_DETAILS: Details = { name: '', subject: '', fromName: '', replyTo: '' };

export const detailsOf = (campaign: Campaign): Details => ({
  name: campaign.name,
  subject: campaign.subject,
  fromName: campaign.fromName ?? '',
  replyTo: campaign.replyTo ?? '',
});

export const DETAIL_FIELDS = ['name', 'subject', 'fromName', 'replyTo'] as const;

/** What is missing before the server is asked at all (a new email is not saved until step 2). */
function missing(details: Details): Partial<Record<keyof Details, string>> {
  const errors: Partial<Record<keyof Details, string>> = {};
  if (!details.name.trim()) errors.name = 'Give the email a name.';
  if (!details.subject.trim()) errors.subject = 'Write a subject line.';
  if (details.replyTo.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(details.replyTo.trim())) {
    errors.replyTo = 'Enter an email address, like name@example.org.';
  }
  return errors;
}

/** Step 1: the email's name (for staff), its subject line and who it comes from. */
export function DetailsStep({
  campaign,
  initial,
  refused,
  onDone,
}: {
  campaign: Campaign | undefined;
  initial: Details;
  /** Why the mailer refused these details when a new email was first saved, if it did. */
  refused?: ApiError | null;
  onDone(details: Details): void;
}) {
  const [details, setDetails] = useState<Details>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof Details, string>>>({});
  const save = useSaveCampaign(campaign?.id ?? '');
  const apiError = save.error instanceof ApiError ? save.error : null;
  const errorFor = (field: keyof Details) =>
    field in errors ? errors[field] : plainTagError((apiError ?? refused)?.forField(field));
  const set = (field: keyof Details) => (event: { target: { value: string } }) => {
    setDetails({ ...details, [field]: event.target.value });
    setErrors({ ...errors, [field]: undefined });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = missing(details);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const trimmed: Details = {
      name: details.name.trim(),
      subject: details.subject.trim(),
      fromName: details.fromName.trim(),
      replyTo: details.replyTo.trim(),
    };
    if (!campaign) return onDone(trimmed);
    save.mutate(
      {
        name: trimmed.name,
        subject: trimmed.subject,
        fromName: trimmed.fromName || null,
        replyTo: trimmed.replyTo || null,
      },
      { onSuccess: () => onDone(trimmed) },
    );
  };

  return (
    <form onSubmit={submit} noValidate className="panel narrow">
      <h2>Name and sender</h2>
      <FormErrorNotice error={save.error} fields={DETAIL_FIELDS} />
      <TextField
        label="Email name"
        hint="For you and your colleagues; supporters never see it. For example “Spring appeal 2027”."
        value={details.name}
        onChange={set('name')}
        maxLength={200}
        error={errorFor('name')}
      />
      <TextField
        label="Subject line"
        hint="What supporters see in their inbox. To greet each by first name, press “Insert their first name” below the box."
        value={details.subject}
        onChange={set('subject')}
        maxLength={300}
        error={errorFor('subject')}
      />
      <div className="merge-fields subject-tags">
        <button
          type="button"
          onClick={() => set('subject')({ target: { value: `${details.subject}{{firstName|friend}}` } })}
        >
          Insert their first name
        </button>
        <span className="hint">“friend” when we do not know it</span>
      </div>
      <TextField
        label="Sender name (optional)"
        hint="The name the email comes from. Leave empty to use the organisation’s name."
        value={details.fromName}
        onChange={set('fromName')}
        maxLength={100}
        error={errorFor('fromName')}
      />
      <TextField
        label="Replies go to (optional)"
        hint="An address that reads replies, such as supporter care. Leave empty to use the sending address."
        type="email"
        value={details.replyTo}
        onChange={set('replyTo')}
        error={errorFor('replyTo')}
      />
      {!campaign && (
        <p className="muted">Your draft is saved as soon as you choose its audience, in the next step.</p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : campaign ? 'Save and continue' : 'Continue'}
        </button>
      </div>
    </form>
  );
}
