import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { plural } from '../../format';
import { ErrorNotice, Notice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { campaignKey } from '../shared/queries';
import { type AttentionWords, failedWords, refusalReasons, uncertainWords } from './attention-words';

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
  const [done, setDone] = useState<string | null>(null);
  const action = useMutation({
    mutationFn: (what: Requeue) => requeue(email.id, what),
    onSuccess: async (result) => {
      setDone(`${plural(result.recipients, 'person', 'people')} will be sent the email again.`);
      await queryClient.invalidateQueries({ queryKey: campaignKey(email.id) });
    },
  });
  const uncertain = uncertainWords(email, canAct);
  const failed = failedWords(email, canAct);
  const outcome = done && <Notice kind="success">{done}</Notice>;
  if (!uncertain && !failed) return outcome || null;
  const act = (what: Requeue) => {
    setDone(null);
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
