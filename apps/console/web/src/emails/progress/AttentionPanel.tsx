import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { ErrorNotice, Notice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { campaignKey } from '../shared/queries';
import {
  type AttentionWords,
  failedWords,
  refusalReasons,
  requeuedWords,
  uncertainWords,
} from './attention-words';

type Requeue = 'resend-uncertain' | 'retry-failed';

const requeue = (id: string, what: Requeue) =>
  what === 'resend-uncertain'
    ? unwrap(mailerApi.POST('/campaigns/{id}/resend-uncertain', { params: { path: { id } } }))
    : unwrap(mailerApi.POST('/campaigns/{id}/retry-failed', { params: { path: { id } } }));

/**
 * Batches that need a person: those SendGrid may or may not have taken (resent only after a wait,
 * so nobody is emailed twice) and those it refused (safe to retry). `canAct` false shows the
 * explanation without the buttons.
 */
export function AttentionPanel({ email, canAct }: { email: Campaign; canAct: boolean }) {
  const queryClient = useQueryClient();
  /** How many people the last resend or retry put back in the queue. */
  const [requeued, setRequeued] = useState<number | null>(null);
  const action = useMutation({
    mutationFn: (what: Requeue) => requeue(email.id, what),
    onSuccess: async (result) => {
      // The notice's tense follows the email's status, so it waits for the status after the requeue
      // (the email sending again) rather than being read against the one before (sent or failed).
      await queryClient.invalidateQueries({ queryKey: campaignKey(email.id) });
      setRequeued(result.recipients);
    },
  });
  const uncertain = uncertainWords(email, canAct);
  const failed = failedWords(email, canAct);
  const requeuedText = requeued === null ? null : requeuedWords(email, requeued);
  const outcome = requeuedText && <Notice kind="success">{requeuedText}</Notice>;
  if (!uncertain && !failed) return outcome || null;
  const act = (what: Requeue) => {
    setRequeued(null);
    action.mutate(what);
  };

  return (
    <>
      {outcome}
      <section aria-labelledby="attention-title" className="panel attention">
        <h2 id="attention-title">Needs attention</h2>
        <ErrorNotice error={action.error} />
        {uncertain && (
          <Item words={uncertain} busy={action.isPending} onAct={() => act('resend-uncertain')} />
        )}
        {failed && (
          <Item words={failed} busy={action.isPending} onAct={() => act('retry-failed')}>
            {refusalReasons(email).length > 0 && (
              <p className="muted">
                SendGrid said:{' '}
                {refusalReasons(email)
                  .map((reason) => `“${reason}”`)
                  .join('; ')}
              </p>
            )}
          </Item>
        )}
      </section>
    </>
  );
}

function Item({
  words,
  busy,
  onAct,
  children,
}: {
  words: AttentionWords;
  busy: boolean;
  onAct(): void;
  children?: ReactNode;
}) {
  return (
    <div className="attention-item">
      <p>{words.text}</p>
      {children}
      {words.button && (
        <button type="button" className="primary" disabled={busy} onClick={onAct}>
          {words.button}
        </button>
      )}
    </div>
  );
}
