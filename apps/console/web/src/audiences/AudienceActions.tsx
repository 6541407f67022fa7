import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { subscribersApi, unwrap } from '../api/clients';
import { ApiError } from '../api/errors';
import type { components } from '../api/generated/subscribers';
import { saveFile } from '../supporters/download';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ErrorNotice, Notice } from '../ui/Notice';

type Segment = components['schemas']['SegmentDto'];

const fileName = (name: string): string =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'audience'
  }.csv`;

/** Download the members as CSV; delete (refused, with the reason, while an email relies on it). */
export function AudienceActions({ segment, canDelete }: { segment: Segment; canDelete: boolean }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);

  const download = useMutation({
    mutationFn: async () => {
      const { data } = await subscribersApi.GET('/segments/{id}/members.csv', {
        params: { path: { id: segment.id } },
        parseAs: 'blob',
      });
      saveFile(data as Blob, fileName(segment.name), 'text/csv');
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      unwrap(subscribersApi.DELETE('/segments/{id}', { params: { path: { id: segment.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['segments'] });
      navigate('/audiences', { state: { deleted: segment.name } });
    },
    onSettled: () => setConfirming(false),
  });

  return (
    <section className="panel" aria-labelledby="audience-actions">
      <h2 id="audience-actions">Use this audience</h2>
      <p className="hint">
        The download lists everyone in it now, with their email address, tags and where they came from.
      </p>
      <div className="actions">
        <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
          {download.isPending ? 'Preparing the file…' : 'Download as CSV'}
        </button>
        {canDelete && (
          <button type="button" className="danger-quiet" onClick={() => setConfirming(true)}>
            Delete audience
          </button>
        )}
      </div>
      <ErrorNotice error={download.error} />
      {remove.error instanceof ApiError && remove.error.code === 'segment_in_use' ? (
        <Notice kind="error">
          {remove.error.message} Give that email another audience, or cancel it, before deleting this one.
        </Notice>
      ) : (
        <ErrorNotice error={remove.error} />
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete “${segment.name}”?`}
        confirmLabel="Delete audience"
        cancelLabel="Keep it"
        destructive
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>The people in it are not affected: only this saved set of rules goes. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
