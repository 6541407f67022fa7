import { type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { Field } from '../../ui/Field';
import { FormErrorNotice } from '../../ui/Notice';
import type { Campaign } from '../shared/campaign';
import { type BodyFormat, bodyErrorOf, ContentPreview, useDraftPreview } from './ContentPreview';
import { MergeFieldButtons, plainTagError } from './MergeFieldButtons';
import { useSaveCampaign } from './useSaveCampaign';
import { useUnsavedWarning } from './useUnsavedWarning';

const FORMAT_HINTS: Record<BodyFormat, string> = {
  markdown:
    'Leave a blank line between paragraphs. Put ** either side of words for bold, * for italic, and start a line with “- ” for a list.',
  html: 'Paste the email body your designer wrote; the organisation’s footer and unsubscribe link are added for you.',
};

/**
 * Step 3: the body in Markdown or HTML, with name-tag buttons and a live preview rendered by
 * the mailer, and whether opens and clicks are tracked.
 */
export function ContentStep({ campaign, onDone }: { campaign: Campaign; onDone(): void }) {
  const [format, setFormat] = useState<BodyFormat>(campaign.html !== null ? 'html' : 'markdown');
  const [body, setBody] = useState(campaign.html ?? campaign.markdown ?? '');
  const [tracking, setTracking] = useState(campaign.tracking.opens || campaign.tracking.clicks);
  const [empty, setEmpty] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const save = useSaveCampaign(campaign.id);
  const changed =
    format !== (campaign.html !== null ? 'html' : 'markdown') ||
    body !== (campaign.html ?? campaign.markdown ?? '') ||
    tracking !== (campaign.tracking.opens || campaign.tracking.clicks);
  useUnsavedWarning(changed && !save.isSuccess);
  const preview = useDraftPreview({ subject: campaign.subject, fromName: campaign.fromName, format, body });
  const saveError =
    save.error instanceof ApiError ? plainTagError(bodyErrorOf(save.error, format)) : undefined;
  const bodyError = empty
    ? 'Write the body of the email.'
    : (saveError ?? plainTagError(bodyErrorOf(preview.error, format)));

  const insert = (tag: string) => {
    const element = textarea.current;
    const start = element?.selectionStart ?? body.length;
    const end = element?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + tag + body.slice(end));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + tag.length, start + tag.length);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEmpty(!body.trim());
    if (!body.trim()) return;
    save.mutate({ [format]: body, tracking: { opens: tracking, clicks: tracking } }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate className="panel">
      <h2>Content</h2>
      <FormErrorNotice error={save.error} fields={['html', 'markdown']} />
      <div className="content-grid">
        <div>
          <fieldset>
            <legend>Write in</legend>
            <div className="inline-choices">
              {(['markdown', 'html'] as const).map((choice) => (
                <label key={choice}>
                  <input
                    type="radio"
                    name="format"
                    value={choice}
                    checked={format === choice}
                    onChange={() => setFormat(choice)}
                  />
                  {choice === 'markdown' ? 'Simple formatting (Markdown)' : 'HTML (for designers)'}
                </label>
              ))}
            </div>
          </fieldset>
          <MergeFieldButtons onInsert={insert} />
          <Field label="Email body" hint={FORMAT_HINTS[format]} error={bodyError}>
            {(props) => (
              <textarea
                {...props}
                ref={textarea}
                value={body}
                spellCheck
                onChange={(event) => setBody(event.target.value)}
              />
            )}
          </Field>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={tracking}
              onChange={(event) => setTracking(event.target.checked)}
              aria-describedby="tracking-hint"
            />
            Track opens and clicks
          </label>
          <p className="hint" id="tracking-hint">
            Shows who opened the email and which links they clicked in its report. Turn off for emails where
            that would feel intrusive.
          </p>
        </div>
        <ContentPreview preview={preview} bodyError={bodyError} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save and continue'}
        </button>
      </div>
    </form>
  );
}
