import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { plural } from '../../format';
import { ErrorNotice, Notice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { campaignKey } from '../shared/queries';
import { readableReason } from './failure-reason';
import { when } from './when';

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
      setDone(
        `${plural(result.recipients, 'person', 'people')} will be sent the email again, in ${plural(result.batches, 'new batch', 'new batches')}.`,
      );
      await queryClient.invalidateQueries({ queryKey: campaignKey(email.id) });
    },
  });
  const { attention } = email;
  const uncertainBatches = email.uncertainBatches.filter((batch) => batch.unconfirmed > 0).length;
  const failedBatches = email.failedBatches.filter((batch) => batch.failed > 0).length;
  const uncertain = attention.uncertainRecipients > 0;
  const failed = attention.failedRecipients > 0;
  const ask = canAct ? '' : ' Communications staff or an admin can do this.';
  const outcome = done && <Notice kind="success">{done}</Notice>;
  if (!uncertain && !failed) return outcome || null;

  return (
    <>
      {outcome}
      <section aria-labelledby="attention-title" className="panel attention">
        <h2 id="attention-title">Needs attention</h2>
        <ErrorNotice error={action.error} />
        {uncertain && (
          <div className="attention-item">
            <p>
              We could not tell whether SendGrid accepted {plural(uncertainBatches, 'batch', 'batches')} (
              {plural(attention.uncertainRecipients, 'person', 'people')}).{' '}
              {attention.canResendUncertainNow
                ? 'We have waited long enough to be sure they will not be emailed twice: you can resend them now.'
                : `To avoid emailing anyone twice, wait until ${attention.resendUncertainFrom ? when(attention.resendUncertainFrom) : 'the waiting time is over'}, then resend them.`}
              {ask}
            </p>
            {canAct && attention.canResendUncertainNow && (
              <button
                type="button"
                className="primary"
                disabled={action.isPending}
                onClick={() => {
                  setDone(null);
                  action.mutate('resend-uncertain');
                }}
              >
                Resend to {plural(attention.uncertainRecipients, 'person', 'people')}
              </button>
            )}
          </div>
        )}
        {failed && (
          <div className="attention-item">
            <p>
              SendGrid refused {plural(failedBatches, 'batch', 'batches')} (
              {plural(attention.failedRecipients, 'person', 'people')}), so nobody in{' '}
              {failedBatches === 1 ? 'it' : 'them'} was emailed. Retrying is safe.
              {ask}
            </p>
            <FailureReasons email={email} />
            {canAct && attention.canRetryFailedNow && (
              <button
                type="button"
                className="primary"
                disabled={action.isPending}
                onClick={() => {
                  setDone(null);
                  action.mutate('retry-failed');
                }}
              >
                Retry sending to {plural(attention.failedRecipients, 'person', 'people')}
              </button>
            )}
          </div>
        )}
      </section>
    </>
  );
}

/** SendGrid's own words, once per distinct reason: for whoever has to fix the cause. */
function FailureReasons({ email }: { email: Campaign }) {
  const reasons = [
    ...new Set(
      email.failedBatches
        .filter((batch) => batch.failed > 0 && batch.reason)
        .map((batch) => readableReason(batch.reason!)),
    ),
  ];
  if (reasons.length === 0) return null;
  return <p className="muted">SendGrid said: {reasons.map((reason) => `“${reason}”`).join('; ')}</p>;
}
