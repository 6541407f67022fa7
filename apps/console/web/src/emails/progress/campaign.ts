import { useQuery } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/mailer';

export type CampaignDetail = components['schemas']['CampaignDetailDto'];
export type CampaignStatus = CampaignDetail['status'];

/** Every screen that shows one email shares this key, so a change made on one refreshes the others. */
export const campaignKey = (id: string) => ['campaigns', id] as const;

/** Polled this often while an email is going out (the issue asks for at most 2 s). */
export const LIVE_INTERVAL_MS = 1_500;

/** A scheduled email is looked at now and then, so the screen notices when it starts. */
const SCHEDULED_INTERVAL_MS = 15_000;

/** One email with its live counts; polled while it is sending or waiting to send. */
export function useCampaign(id: string) {
  return useQuery({
    queryKey: campaignKey(id),
    queryFn: () => unwrap(mailerApi.GET('/campaigns/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      if (status === 'sending') return LIVE_INTERVAL_MS;
      return status === 'scheduled' ? SCHEDULED_INTERVAL_MS : false;
    },
  });
}

export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
  failed: 'Failed',
};
