export const SUBSCRIPTION_STATUSES = [
  'pending',
  'subscribed',
  'unsubscribed',
  'bounced',
  'complained',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
