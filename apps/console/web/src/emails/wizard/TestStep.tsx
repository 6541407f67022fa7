import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import { useStaff } from '../../auth/session';
import { Field } from '../../ui/Field';
import { FormErrorNotice, Notice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';

const MAX_ADDRESSES = 10;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The addresses typed, split on commas, semicolons, spaces and lines; or what is wrong with them. */
export function parseAddresses(text: string): { addresses: string[] } | { error: string } {
  const addresses = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  if (addresses.length === 0) return { error: 'Enter at least one email address.' };
  if (addresses.length > MAX_ADDRESSES) {
    return { error: `Enter at most ${MAX_ADDRESSES} addresses; there are ${addresses.length}.` };
  }
  const wrong = addresses.filter((address) => !EMAIL.test(address));
  if (wrong.length > 0) return { error: `These are not email addresses: ${wrong.join(', ')}.` };
  return { addresses };
}

/** Step 4: the email as saved, sent to up to ten people to check in a real inbox. */
export function TestStep({ campaign, onDone }: { campaign: Campaign; onDone(): void }) {
  const staff = useStaff();
  const [text, setText] = useState(staff.email);
  const [invalid, setInvalid] = useState<string | undefined>();
  const send = useMutation({
    mutationFn: (emails: string[]) =>
      unwrap(
        mailerApi.POST('/campaigns/{id}/test', { params: { path: { id: campaign.id } }, body: { emails } }),
      ),
  });
  const apiError = send.error instanceof ApiError ? send.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseAddresses(text);
    if ('error' in parsed) {
      setInvalid(parsed.error);
      return;
    }
    setInvalid(undefined);
    send.mutate(parsed.addresses);
  };

  return (
    <div className="panel narrow">
      <h2>Send a test</h2>
      <p>
        Check how the email looks in a real inbox before it goes to supporters. A test has “[Test]” before the
        subject and its unsubscribe link does nothing.
      </p>
      {send.data && (
        <Notice kind="success">
          Test sent to {send.data.sentTo.join(', ')}. It should arrive within a minute or two.
        </Notice>
      )}
      <FormErrorNotice error={send.error} fields={['emails', 'to']} />
      <form onSubmit={submit} noValidate>
        <Field
          label="Send a test to"
          hint={`Up to ${MAX_ADDRESSES} email addresses, separated by commas or on separate lines.`}
          error={invalid ?? apiError?.forField('emails') ?? apiError?.forField('to')}
        >
          {(props) => (
            <textarea {...props} rows={3} value={text} onChange={(event) => setText(event.target.value)} />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send test email'}
          </button>
          <button type="button" className="primary" onClick={onDone}>
            Continue to schedule or send
          </button>
        </div>
      </form>
    </div>
  );
}
