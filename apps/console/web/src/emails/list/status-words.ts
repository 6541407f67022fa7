import { count } from '../../format';
import { type CampaignSummary, STATUS_LABELS } from '../shared/campaign';

/**
 * A campaign's status as the list shows it. A sent email some of whose recipients failed or may
 * not have reached SendGrid is never plainly "Sent": it says how many people need attention.
 */
export function statusWords(campaign: Pick<CampaignSummary, 'status' | 'counts'>): {
  label: string;
  className: string;
} {
  const attention = campaign.counts.uncertain + campaign.counts.failed;
  if (campaign.status === 'sent' && attention > 0) {
    return {
      label: `Sent — ${count(attention)} ${attention === 1 ? 'needs' : 'need'} attention`,
      className: 'status status-attention',
    };
  }
  return { label: STATUS_LABELS[campaign.status], className: `status status-${campaign.status}` };
}
