import type { components } from '../api/generated/subscribers';
import { words } from '../format';

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

/** Where a supporter record came from, as a phrase: "an import", "the website sign-up form". */
const SOURCE_LABELS: Record<string, string> = {
  import: 'an import',
  'website-form': 'the website sign-up form',
  donation: 'a donation',
  donations: 'a donation',
  checkout: 'a donation',
  staff: 'a member of staff',
};

export const sourceLabel = (source: string | null | undefined): string =>
  source ? (SOURCE_LABELS[source] ?? words(source)) : 'an unknown source';
