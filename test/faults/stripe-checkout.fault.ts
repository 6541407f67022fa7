import { randomUUID } from 'node:crypto';
import { FaultSystem, LONG } from './support/fault-system';

import { reportTally } from './support/tally';

const CHECKOUTS = LONG ? 200 : 20;

/**
 * Stripe answers 500 before it answers 200. The SDK retries once under the same idempotency key;
 * when both tries fail the donor gets a 503 and their form resends with its own Idempotency-Key,
 * which must reach Stripe unchanged, so at real Stripe only one session can ever exist per gift.
 */
describe('checkout while Stripe answers 500 then 200', () => {
  let system: FaultSystem;

  beforeAll(async () => {
    // Every checkout here comes from this one address; the per-IP limit is not what is tested.
    system = await FaultSystem.start({ CHECKOUT_IP_LIMIT: '100000' });
  }, 120_000);
  afterAll(() => system?.stop());

  const startCheckout = (donorKey: string): Promise<Response> =>
    fetch(`${system.apps.donations.url}/checkout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': donorKey },
      body: JSON.stringify({ amount: 2500, frequency: 'one_off', email: 'donor@example.org' }),
    });

  it('creates one session per gift under one idempotency key', async () => {
    const tag = randomUUID().slice(0, 8);
    const stripe = system.providers.stripe;
    let lost = 0;
    let doubled = 0;
    const donorStatuses: number[] = [];
    for (let n = 0; n < CHECKOUTS; n += 1) {
      const failures = n % 2 === 0 ? 2 : 1;
      stripe.script(
        ...Array.from({ length: failures }, () => ({ status: 500, body: { error: { type: 'api_error' } } })),
      );
      const donorKey = `donor-form-${tag}-${n}`;
      const before = stripe.requests.length;
      let answer = await startCheckout(donorKey);
      donorStatuses.push(answer.status);
      for (let retry = 0; answer.status === 503 && retry < 3; retry += 1) {
        answer = await startCheckout(donorKey);
        donorStatuses.push(answer.status);
      }
      const sent = stripe.requests
        .slice(before)
        .filter((request) => request.path === '/v1/checkout/sessions');
      const keys = new Set(sent.map((request) => request.headers['idempotency-key']));
      const sessionsCreated = sent.length - failures;
      if (answer.status !== 201 || sessionsCreated < 1) lost += 1;
      if (keys.size !== 1 || ![...keys].every((key) => key === `checkout-${donorKey}`)) doubled += 1;
    }
    reportTally({
      scenario: 'stripe-500-then-200-on-checkout',
      expected: CHECKOUTS,
      lost,
      doubled,
      notes: { donorStatuses: countBy(donorStatuses) },
    });
  });
});

const countBy = (values: number[]): Record<number, number> =>
  values.reduce<Record<number, number>>(
    (counts, value) => ({ ...counts, [value]: (counts[value] ?? 0) + 1 }),
    {},
  );
