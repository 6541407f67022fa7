import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { mailerApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import { Loading, Notice } from '../../ui/Notice';
import type { CampaignPreview } from '../shared/campaign';
import { useDebounced } from './useDebounced';

export type BodyFormat = 'markdown' | 'html';

export interface DraftBody {
  subject: string;
  fromName: string | null;
  format: BodyFormat;
  body: string;
}

const PREVIEW_DELAY_MS = 400;

/** The draft rendered by the mailer (POST /campaigns/preview), asked again once typing pauses. */
export function useDraftPreview(draft: DraftBody) {
  const settled = useDebounced(draft, PREVIEW_DELAY_MS);
  return useQuery({
    queryKey: ['campaigns', 'preview', settled],
    enabled: settled.body.trim() !== '',
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () =>
      unwrap(
        mailerApi.POST('/campaigns/preview', {
          body: {
            subject: settled.subject,
            ...(settled.fromName && { fromName: settled.fromName }),
            [settled.format]: settled.body,
          },
        }),
      ),
  });
}

/** The preview's complaint about the body, if that is what it refused. */
export function bodyErrorOf(error: unknown, format: BodyFormat): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.forField(format) ?? error.forField(format === 'html' ? 'markdown' : 'html');
}

/**
 * The email as a recipient receives it: the same layout, footer and merge values as a real send,
 * for the sample person Sam. The HTML is shown in a sandboxed frame (no scripts, no same-origin
 * access); the plain-text part, derived by the mailer from the HTML, in its own tab.
 */
export function ContentPreview({
  preview,
  bodyError,
}: {
  preview: UseQueryResult<CampaignPreview>;
  bodyError: string | undefined;
}) {
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const tabProps = (key: 'html' | 'text') => ({
    type: 'button' as const,
    role: 'tab',
    id: `preview-tab-${key}`,
    'aria-selected': tab === key,
    'aria-controls': 'preview-panel',
    onClick: () => setTab(key),
  });
  return (
    <section aria-labelledby="preview-title">
      <h3 id="preview-title">Preview</h3>
      <p className="hint">As Sam Sample (sam.sample@example.org) would receive it. It updates as you type.</p>
      <div className="preview-tabs" role="tablist" aria-label="Preview as">
        <button {...tabProps('html')}>Email</button>
        <button {...tabProps('text')}>Plain text</button>
      </div>
      <div id="preview-panel" role="tabpanel" aria-labelledby={`preview-tab-${tab}`}>
        {preview.error !== null && !bodyError && (
          <Notice kind="error">
            {preview.error instanceof Error ? preview.error.message : 'The preview failed.'}
          </Notice>
        )}
        {bodyError && preview.data && (
          <Notice kind="warning">
            This is the last version that worked. Fix the body to update the preview.
          </Notice>
        )}
        {!preview.data && preview.isFetching && <Loading what="Rendering the preview" />}
        {preview.data && (
          <>
            <p className="preview-subject">
              <strong>Subject:</strong> {preview.data.subject}
            </p>
            {tab === 'html' ? (
              <iframe
                className="preview-frame"
                title="Preview of the email"
                sandbox=""
                srcDoc={preview.data.html}
              />
            ) : (
              <pre className="preview-text" tabIndex={0} aria-label="Plain-text version of the email">
                {preview.data.text}
              </pre>
            )}
          </>
        )}
      </div>
    </section>
  );
}
