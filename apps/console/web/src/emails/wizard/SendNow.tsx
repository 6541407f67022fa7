import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { mailerApi, unwrap } from '../../api/clients';
import { count, plural } from '../../format';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorNotice, Loading } from '../../ui/Notice';
import { type Campaign, readableSubject } from '../shared/campaign';
import { type Audience, campaignKey, useAudienceSize } from '../shared/queries';

/**
 * Send now, after a dialog that says exactly how many people it goes to (the audience's mailable
 * count at this moment). A scheduled or repeating email loses its schedule first.
 */
export function SendNow({ campaign, audience }: { campaign: Campaign; audience: Audience | undefined }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const size = useAudienceSize(audience);
  const send = useMutation({
    mutationFn: async () => {
      const path = { params: { path: { id: campaign.id } } };
      if (campaign.cron || campaign.scheduledAt) {
        // JSON null clears a schedule.
        await unwrap(
          mailerApi.PATCH('/campaigns/{id}', { ...path, body: { scheduledAt: null, cron: null } }),
        );
      }
      return unwrap(mailerApi.POST('/campaigns/{id}/send', path));
    },
    onSuccess: async (sent) => {
      queryClient.setQueryData(campaignKey(campaign.id), sent);
      await queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
      navigate(`/emails/${campaign.id}`);
    },
  });

  if (!audience || size.isPending) return <Loading what="Counting who it goes to" />;
  if (size.error || !size.data) return <ErrorNotice error={size.error} />;
  const people = size.data.mailable;
  const recipients = plural(people, 'person', 'people');
  if (people === 0) {
    return (
      <p className="notice notice-warning">
        Nobody in “{audience.name}” can be emailed at the moment, so there is no one to send to.
      </p>
    );
  }
  return (
    <>
      <p>
        It goes straight away to the <strong>{recipients}</strong> in “{audience.name}” who can be emailed.
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            // The count in the dialog is the audience as it is now.
            void size.refetch();
            setConfirming(true);
          }}
        >
          Send now…
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Send to ${recipients}?`}
        confirmLabel={`Send to ${recipients}`}
        busy={send.isPending}
        onConfirm={() => send.mutate()}
        onCancel={() => {
          setConfirming(false);
          send.reset();
        }}
      >
        <p>
          “{readableSubject(campaign.subject)}” goes to {count(people)} {people === 1 ? 'person' : 'people'}{' '}
          in “{audience.name}” now.
        </p>
        <p>Once it starts you can stop the rest, but not take back what has gone.</p>
        <ErrorNotice error={send.error} />
      </ConfirmDialog>
    </>
  );
}
