import { checkoutSessionObject, stripeEvent } from '@crm/testing';

export interface PaidCheckout {
  eventId: string;
  sessionId: string;
  payload: string;
}

/** A paid one-off gift's `checkout.session.completed`, as the checkout would have set it up. */
export function paidCheckoutEvent(amount: number, email: string): PaidCheckout {
  const session = checkoutSessionObject({
    amountTotal: amount,
    email,
    name: 'Test Donor',
    metadata: { frequency: 'one_off', amount: String(amount), fee_amount: '0' },
  });
  const event = stripeEvent('checkout.session.completed', session);
  return { eventId: event.id, sessionId: String(session.id), payload: JSON.stringify(event) };
}
