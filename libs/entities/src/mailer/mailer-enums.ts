export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const BATCH_STATUSES = ['pending', 'sending', 'sent', 'failed', 'uncertain'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const RECIPIENT_STATUSES = [
  'queued',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
  'failed',
  'uncertain',
  /** Frozen as a recipient but no longer mailable when their batch went out. */
  'skipped',
] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export const SUPPRESSION_REASONS = ['bounce', 'invalid', 'complaint', 'unsubscribe', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
