/**
 * The built-in segments every organisation starts with (issue 5). Plain data with no imports: the
 * migration that inserts them as `builtin` rows reads this file.
 */
export const STARTER_SEGMENTS = [
  {
    name: 'Lapsed donors (LYBUNT)',
    description: 'Gave in the previous 12 months but not in the last 12',
    rules: {
      all: [
        { field: 'donations.count', op: 'gt', value: 0, within: 'P2Y' },
        { not: { field: 'donations.count', op: 'gt', value: 0, within: 'P1Y' } },
      ],
    },
  },
  {
    name: 'Monthly donors',
    description: 'Have an active monthly gift',
    rules: { field: 'recurring.status', op: 'eq', value: 'active' },
  },
  {
    name: 'New subscribers (30 days)',
    description: 'Subscribed to the newsletter and confirmed in the last 30 days',
    rules: {
      all: [
        { field: 'subscription.status', op: 'eq', value: 'subscribed' },
        { field: 'subscription.confirmed_at', op: 'after', value: 'P30D' },
      ],
    },
  },
  {
    name: 'Major donors',
    description: 'Gave £500 or more in the last 12 months',
    rules: { field: 'donations.total', op: 'gte', value: 50000, within: 'P1Y' },
  },
] as const;
