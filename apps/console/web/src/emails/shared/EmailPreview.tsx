import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { messageOf } from '../../api/errors';
import { Loading, Notice } from '../../ui/Notice';
import type { CampaignPreview } from './campaign';
import './emails.css';

/**
 * An email as the mailer renders it for the sample person Sam: the HTML in a sandboxed frame (no
 * scripts, no same-origin access) and the plain-text part, derived by the mailer from the HTML, in
 * a tab of its own. `stale` shows the last good render with a warning instead of the error.
 */
export function EmailPreview({
  preview,
  hint,
  stale = false,
}: {
  preview: UseQueryResult<CampaignPreview>;
  hint: ReactNode;
  stale?: boolean;
}) {
  const id = useId();
  const [tab, setTab] = useState<'html' | 'text'>('html');
  const tabProps = (key: 'html' | 'text') => ({
    type: 'button' as const,
    role: 'tab',
    id: `${id}-${key}`,
    'aria-selected': tab === key,
    'aria-controls': `${id}-panel`,
    onClick: () => setTab(key),
  });
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Preview</h3>
      <p className="hint">{hint}</p>
      <div className="preview-tabs" role="tablist" aria-label="Preview as">
        <button {...tabProps('html')}>Email</button>
        <button {...tabProps('text')}>Plain text</button>
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-${tab}`}>
        {preview.error !== null && !stale && <Notice kind="error">{messageOf(preview.error)}</Notice>}
        {stale && preview.data && (
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
