/** A paid one-off Checkout Session completion, as Stripe sends it, for a fresh session id. */
export function paidCheckoutEvent(
  n: number,
  runTag: string,
  email = `donor${n}@example.org`,
): { eventId: string; sessionId: string; payload: string } {
  const eventId = `evt_fault_${runTag}_${n}`;
  const sessionId = `cs_test_fault_${runTag}_${n}`;
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2025-10-29.clover',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'checkout.session.completed',
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        amount_total: 1000 + n,
        currency: 'gbp',
        payment_status: 'paid',
        payment_intent: `pi_test_fault_${runTag}_${n}`,
        customer_details: { email, name: `Donor ${n}` },
        metadata: { frequency: 'one_off', amount: String(1000 + n), fee_amount: '0' },
      },
    },
  });
  return { eventId, sessionId, payload };
}
