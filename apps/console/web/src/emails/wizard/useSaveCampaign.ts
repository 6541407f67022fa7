import { useMutation, useQueryClient } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/mailer';
import { campaignKey } from '../shared/queries';

/** PATCH /campaigns/:id: JSON null clears `scheduledAt`, `cron`, `fromName` and `replyTo`. */
export type CampaignChanges = components['schemas']['UpdateCampaignDto'];

/** Saves changes to a draft (or scheduled email) and keeps every screen's copy of it current. */
export function useSaveCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: CampaignChanges) =>
      unwrap(mailerApi.PATCH('/campaigns/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: async (campaign) => {
      queryClient.setQueryData(campaignKey(id), campaign);
      await queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
    },
  });
}
