import { useQuery } from '@tanstack/react-query';
import { mailerApi, unwrap } from '../../api/clients';
import type { components } from '../../api/generated/mailer';
import { campaignKey } from '../shared/queries';

export type CampaignReport = components['schemas']['CampaignReportDto'];
export type ReportCounts = CampaignReport['counts'];
export type LinkClicks = components['schemas']['LinkClicksDto'];
export type FollowingDonations = components['schemas']['FollowingDonationsDto'];

/** Opens, clicks and gifts keep arriving for days after a send; a report left open catches up now and then. */
const REFRESH_MS = 60_000;

export function useReport(id: string) {
  return useQuery({
    queryKey: [...campaignKey(id), 'report'],
    queryFn: () => unwrap(mailerApi.GET('/campaigns/{id}/report', { params: { path: { id } } })),
    refetchInterval: REFRESH_MS,
  });
}

/** Where the browser downloads who opened or clicked, as CSV (the session cookie goes with it). */
export const peopleCsvUrl = (id: string, event: 'opened' | 'clicked') =>
  `/api/mailer/campaigns/${encodeURIComponent(id)}/report/people.csv?event=${event}`;
