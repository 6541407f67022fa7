import { useQuery } from '@tanstack/react-query';
import { mailerApi, subscribersApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/subscribers';

export type Audience = components['schemas']['SegmentDto'];

export const campaignKey = (id: string) => ['campaigns', id] as const;

export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: campaignKey(id ?? ''),
    enabled: id !== undefined,
    queryFn: () => unwrap(mailerApi.GET('/campaigns/{id}', { params: { path: { id: id! } } })),
  });
}

/** Saved audiences (segments), built-in ones included; an organisation has a few dozen at most. */
export function useAudiences() {
  return useQuery({
    queryKey: ['segments', 'list'],
    queryFn: () => unwrap(subscribersApi.GET('/segments', { params: { query: { limit: 200 } } })),
  });
}

/** How many people an audience holds now, and how many of them may be emailed. */
export function useAudienceSize(audience: Audience | undefined) {
  return useQuery({
    queryKey: ['segments', audience?.id, 'size', audience?.updatedAt],
    enabled: audience !== undefined,
    queryFn: () => unwrap(subscribersApi.POST('/segments/preview', { body: { rules: audience!.rules } })),
  });
}
