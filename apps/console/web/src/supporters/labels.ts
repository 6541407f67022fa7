import type { components } from '../api/generated/subscribers';

type SubscriptionStatus = components['schemas']['SubscriptionDto']['status'];

/** Subscription states in the words a fundraiser uses. */
export const SUBSCRIPTION_LABELS: Record<SubscriptionStatus | 'none', string> = {
  pending: 'Awaiting confirmation',
  subscribed: 'Subscribed',
  unsubscribed: 'Unsubscribed',
  bounced: 'Email bounced',
  complained: 'Marked as spam',
  none: 'Not subscribed',
};

export const subscriptionLabel = (status: SubscriptionStatus | null | undefined): string =>
  SUBSCRIPTION_LABELS[status ?? 'none'];
