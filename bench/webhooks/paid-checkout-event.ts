import { checkoutSessionObject, stripeEvent } from '@crm/testing';

/** The n-th distinct paid checkout event the webhook benches send (amounts £5–£54, one donor each). */
export const paidCheckoutEvent = (n: number): ReturnType<typeof stripeEvent> =>
  stripeEvent(
    'checkout.session.completed',
    checkoutSessionObject({
      amountTotal: 500 + (n % 50) * 100,
      email: `donor${n}@example.org`,
      name: `Donor ${n}`,
    }),
  );
