import { useQuery } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import { campaignKey } from '../shared/queries';

/** Polled this often while an email is going out (the issue asks for at most 2 s). */
export const LIVE_INTERVAL_MS = 1_500;

/**
 * A scheduled email, or batches waiting for a grace period to end, are looked at now and then, so
 * the screen notices when the email starts or a button becomes usable.
 */
const WAITING_INTERVAL_MS = 15_000;

/**
 * One email with its live counts, polled while it is sending or waiting (the same cache entry as
 * the wizard's `useCampaign`, so a change made in one shows in the other).
 */
export function useLiveCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: () => unwrap(mailerApi.GET('/campaigns/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => {
      const campaign = query.state.data;
      if (campaign?.status === 'sending') return LIVE_INTERVAL_MS;
      const waiting =
        campaign?.status === 'scheduled' ||
        (campaign?.attention.uncertainRecipients ?? 0) > 0 ||
        (campaign?.attention.failedRecipients ?? 0) > 0;
      return waiting ? WAITING_INTERVAL_MS : false;
    },
  });
}
