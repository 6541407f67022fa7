import { useQuery } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import { EmailPreview } from './EmailPreview';

/** A saved email as recipients receive it (GET /campaigns/:id/preview), for any screen that shows one. */
export function SavedEmailPreview({ campaignId, updatedAt }: { campaignId: string; updatedAt?: string }) {
  const preview = useQuery({
    queryKey: ['campaigns', campaignId, 'preview', updatedAt],
    queryFn: () => unwrap(mailerApi.GET('/campaigns/{id}/preview', { params: { path: { id: campaignId } } })),
  });
  return <EmailPreview preview={preview} hint="As Sam Sample (sam.sample@example.org) receives it." />;
}
