import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import { ApiError } from '../../api/errors';
import type { CampaignPreview } from '../shared/campaign';
import { EmailPreview } from '../shared/EmailPreview';
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

/** The draft as it would arrive, refreshed as the person types. */
export function ContentPreview({
  preview,
  bodyError,
}: {
  preview: UseQueryResult<CampaignPreview>;
  bodyError: string | undefined;
}) {
  return (
    <EmailPreview
      preview={preview}
      hint="As Sam Sample (sam.sample@example.org) would receive it. It updates as you type."
      stale={bodyError !== undefined}
    />
  );
}
