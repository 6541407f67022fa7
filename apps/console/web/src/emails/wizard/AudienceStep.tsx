import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { mailerApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import { SelectField } from '../../ui/Field';
import { ErrorNotice, FormErrorNotice, Loading } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { campaignKey, useAudiences } from '../shared/queries';
import { AudienceSize } from './AudienceSize';
import { DETAIL_FIELDS, type Details } from './DetailsStep';
import { useSaveCampaign } from './useSaveCampaign';

/** What a new draft starts with, so it can be saved now; step 3 replaces it. */
const STARTER_BODY = 'Dear {{firstName|friend}},\n\nWrite your message here.\n\nWith thanks,\n\n';

/** Step 2: the saved audience the email goes to, with how many of its people can be emailed. */
export function AudienceStep({
  campaign,
  details,
  onDone,
  onBack,
  onDetailsRefused,
}: {
  campaign: Campaign | undefined;
  details: Details;
  onDone(campaignId: string): void;
  /** A new email's step-1 fields refused when it is first saved: shown back beside them. */
  onDetailsRefused?: (error: ApiError) => void;
  /** Back to step 1 of a new email, whose details are not saved yet. */
  onBack?: () => void;
}) {
  const queryClient = useQueryClient();
  const audiences = useAudiences();
  const [segmentId, setSegmentId] = useState(campaign?.segmentId ?? '');
  const [missing, setMissing] = useState(false);
  const save = useSaveCampaign(campaign?.id ?? '');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        mailerApi.POST('/campaigns', {
          body: {
            name: details.name,
            subject: details.subject,
            ...(details.fromName && { fromName: details.fromName }),
            ...(details.replyTo && { replyTo: details.replyTo }),
            segmentId,
            markdown: STARTER_BODY,
          },
        }),
      ),
    onError: (error) => {
      if (error instanceof ApiError && DETAIL_FIELDS.some((field) => error.forField(field))) {
        onDetailsRefused?.(error);
      }
    },
    onSuccess: async (created) => {
      queryClient.setQueryData(campaignKey(created.id), created);
      await queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
      onDone(created.id);
    },
  });
  const request = campaign ? save : create;
  const apiError = request.error instanceof ApiError ? request.error : null;
  const chosen = audiences.data?.items.find((audience) => audience.id === segmentId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!segmentId);
    if (!segmentId) return;
    if (campaign) save.mutate({ segmentId }, { onSuccess: () => onDone(campaign.id) });
    else create.mutate();
  };

  if (audiences.isPending) return <Loading what="Loading audiences" />;
  if (audiences.error) return <ErrorNotice error={audiences.error} />;
  const options = [
    { value: '', label: 'Choose an audience' },
    ...audiences.data.items.map((audience) => ({ value: audience.id, label: audience.name })),
  ];
  return (
    <form onSubmit={submit} noValidate className="panel narrow">
      <h2>Audience</h2>
      <FormErrorNotice error={request.error} fields={['segmentId']} />
      <SelectField
        label="Who should get this email?"
        hint={
          <>
            Choose a saved audience. To make a new one, go to <Link to="/audiences">Audiences</Link>.
          </>
        }
        value={segmentId}
        onChange={(event) => setSegmentId(event.target.value)}
        options={options}
        error={missing ? 'Choose who gets this email.' : apiError?.forField('segmentId')}
      />
      {chosen?.description && <p className="muted">{chosen.description}</p>}
      {chosen && <AudienceSize audience={chosen} />}
      <p className="hint">
        Only people who can be emailed get it. The list is fixed when the email starts to go out.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={request.isPending}>
          {request.isPending ? 'Saving…' : 'Save draft and continue'}
        </button>
        {onBack && (
          <button type="button" onClick={onBack}>
            Back to name and sender
          </button>
        )}
      </div>
    </form>
  );
}
