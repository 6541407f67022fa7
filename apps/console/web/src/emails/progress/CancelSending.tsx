import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { plural } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { campaignKey } from '../shared/queries';
import { onDay } from './when';

/** Stops an email that is sending or scheduled, after saying what stopping does and cannot undo. */
export function CancelSending({ email }: { email: Campaign }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () =>
      unwrap(mailerApi.POST('/campaigns/{id}/cancel', { params: { path: { id: email.id } } })),
    onSuccess: async (updated) => {
      setConfirming(false);
      queryClient.setQueryData(campaignKey(email.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  const scheduled = email.status === 'scheduled';
  return (
    <>
      <button
        type="button"
        className="danger-quiet"
        onClick={() => {
          cancel.reset();
          setConfirming(true);
        }}
      >
        {scheduled ? 'Cancel this email' : 'Cancel sending'}
      </button>
      <ConfirmDialog
        open={confirming}
        title={scheduled ? `Cancel “${email.name}”?` : `Stop sending “${email.name}”?`}
        confirmLabel={scheduled ? 'Cancel this email' : 'Cancel sending'}
        cancelLabel={scheduled ? 'Keep it scheduled' : 'Keep sending'}
        destructive
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setConfirming(false)}
      >
        {scheduled ? (
          <p>
            {email.cron
              ? 'It will not go out again: every future run is cancelled.'
              : `It will not go out${email.scheduledAt ? ` ${onDay(email.scheduledAt)}` : ''}.`}{' '}
            A cancelled email cannot be sent later: to send it after all, make a new email.
          </p>
        ) : (
          <p>
            {plural(email.counts.sent, 'person has', 'people have')} already been sent it; that cannot be
            undone. The {plural(email.counts.queued, 'person', 'people')} still waiting will not get it, and a
            cancelled email cannot be restarted.
          </p>
        )}
        <ErrorNotice error={cancel.error} />
      </ConfirmDialog>
    </>
  );
}
