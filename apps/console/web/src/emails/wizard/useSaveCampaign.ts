import { useMutation, useQueryClient } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/mailer';
import { campaignKey } from '../shared/queries';

type UpdateCampaign = components['schemas']['UpdateCampaignDto'];
type Clearable = 'scheduledAt' | 'cron' | 'fromName' | 'replyTo';

/**
 * PATCH /campaigns/:id: JSON null clears these fields (the mailer's documented behaviour), which
 * its OpenAPI document does not say, so the generated type needs widening here.
 */
export type CampaignChanges = Omit<UpdateCampaign, Clearable> & { [field in Clearable]?: string | null };

/** Saves changes to a draft (or scheduled email) and keeps every screen's copy of it current. */
export function useSaveCampaign(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: CampaignChanges) =>
      unwrap(
        mailerApi.PATCH('/campaigns/{id}', { params: { path: { id } }, body: changes as UpdateCampaign }),
      ),
    onSuccess: async (campaign) => {
      queryClient.setQueryData(campaignKey(id), campaign);
      await queryClient.invalidateQueries({ queryKey: ['campaigns', 'list'] });
    },
  });
}
