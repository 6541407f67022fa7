import type { components } from '../../api/generated/mailer';
import { date, time } from '../../format';

export type Campaign = components['schemas']['CampaignDetailDto'];
export type CampaignSummary = components['schemas']['CampaignSummaryDto'];
export type CampaignStatus = Campaign['status'];
export type CampaignPreview = components['schemas']['CampaignPreviewDto'];

export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = [
  'draft',
  'scheduled',
  'sending',
  'sent',
  'cancelled',
  'failed',
];

/** A campaign's status as the list's tabs and labels say it. */
export const STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** "01/07/2027 at 09:30" (London), for sentences about when an email goes. */
export const onDateAt = (instant: string | Date): string => `${date(instant)} at ${time(instant)}`;

/** A subject as staff read it in lists: `{{firstName|friend}}` reads "[first name]". */
export function readableSubject(subject: string): string {
  return subject
    .replace(/\{\{\s*firstName\s*(\|[^}]*)?\}\}/g, '[first name]')
    .replace(/\{\{\s*email\s*(\|[^}]*)?\}\}/g, '[email address]');
}

/** Only these can still be changed in the wizard (the mailer refuses edits after that). */
export const isEditable = (status: CampaignStatus): boolean => status === 'draft' || status === 'scheduled';

/**
 * Where an email opens from the list: a draft in the wizard (for those who may write), anything
 * else on its own page (progress, schedule, cancel, and from there "Change it" while scheduled).
 */
export function campaignPath(campaign: { id: string; status: CampaignStatus }, canWrite: boolean): string {
  return canWrite && campaign.status === 'draft' ? `/emails/${campaign.id}/edit` : `/emails/${campaign.id}`;
}
