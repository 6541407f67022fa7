import { transactionalMailQueue, subscribersEventsQueue } from '@crm/queues';
import { checkoutSessionObject, databaseUrl, stripeEvent, stripeSignature } from '@crm/testing';
import { Client } from 'pg';
import request from 'supertest';
import { DonationsHarness, TEST_WEBHOOK_SECRET } from '../../test/donations-harness';

const paidSession = () =>
  stripeEvent(
    'checkout.session.completed',
    checkoutSessionObject({ amountTotal: 2500, email: 'ada@example.org', name: 'Ada Lovelace' }),
  );

describe('POST /webhooks/stripe', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start();
  });
  afterAll(() => harness.close());

  it('stores a signed event, processes it into one donation and answers 200', async () => {
    const event = paidSession();
    const response = await harness.deliver(event).expect(200);
    expect(response.body).toEqual({ received: true });
    await harness.waitProcessed([event]);
    const donations = await harness.donations();
    const mine = donations.filter((row) => row.stripe_checkout_session_id === event.data.object.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      amount: 2500,
      status: 'succeeded',
      frequency: 'one_off',
      email: 'ada@example.org',
    });
  });

  it('turns the same event delivered 3 times, in turn and at once, into one donation and one of each message', async () => {
    const sequential = paidSession();
    for (let i = 0; i < 3; i += 1) await harness.deliver(sequential).expect(200);
    const concurrent = paidSession();
    await Promise.all([1, 2, 3].map(() => harness.deliver(concurrent).expect(200)));
    await harness.waitProcessed([sequential, concurrent]);
    for (const event of [sequential, concurrent]) {
      const sessionId = event.data.object.id;
      const rows = (await harness.donations()).filter((row) => row.stripe_checkout_session_id === sessionId);
      expect(rows).toHaveLength(1);
      const donationId = rows[0]!.id;
      const receipts = (await harness.jobsIn(transactionalMailQueue.name)).filter(
        (job) => job.data.donationId === donationId,
      );
      expect(receipts.map((job) => job.data.template)).toEqual(['donation-receipt']);
      const donors = (await harness.jobsIn(subscribersEventsQueue.name)).filter(
        (job) => job.data.donationId === donationId,
      );
      expect(donors.map((job) => [job.name, job.id, job.data.email])).toEqual([
        ['record-donor', `donor-${donationId}`, 'ada@example.org'],
      ]);
    }
    const [stored] = await harness.dataSource.query(
      'SELECT count(*)::int AS n FROM stripe_events WHERE id = ANY($1)',
      [[sequential.id, concurrent.id]],
    );
    expect(stored.n).toBe(2);
  });

  it('stores events arriving together, even when one of them cannot be stored', async () => {
    const events = Array.from({ length: 8 }, () => paidSession());
    // Valid JSON, but PostgreSQL's jsonb refuses a lone UTF-16 surrogate.
    const unstorable = stripeEvent('customer.updated', {
      id: 'cus_surrogate',
      object: 'customer',
      name: 'a\ud800b',
    });
    const answers = await Promise.all(
      [...events, unstorable].map(async (event) => (await harness.deliver(event)).status),
    );
    expect(answers).toEqual([...Array(8).fill(200), 503]);
    const [stored] = await harness.dataSource.query(
      'SELECT count(*)::int AS n FROM stripe_events WHERE id = ANY($1)',
      [[...events, unstorable].map((event) => event.id)],
    );
    expect(stored.n).toBe(8);
  });

  it('records a signed event holding a NUL character (which jsonb cannot store) without it', async () => {
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({ amountTotal: 1800, email: 'nul@example.org', name: 'Ada\u0000 Lovelace' }),
    );
    await harness.deliver(event).expect(200);
    await harness.waitProcessed([event]);
    const donations = await harness.donations();
    const mine = donations.filter((row) => row.stripe_checkout_session_id === event.data.object.id);
    expect(mine.map((row) => [row.amount, row.donor_name])).toEqual([[1800, 'Ada Lovelace']]);
    // Processed at the first attempt, from the stored copy: the event as received (NUL and all)
    // is not handed to processing, where PostgreSQL would refuse its name.
    const [stored] = await harness.dataSource.query(
      'SELECT attempts, last_error FROM stripe_events WHERE id = $1',
      [event.id],
    );
    expect(stored).toEqual({ attempts: 1, last_error: null });
  });

  it('stores and acknowledges event types it does not act on', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_test_1', object: 'customer' });
    await harness.deliver(event).expect(200);
    await harness.waitProcessed([event]);
    const [row] = await harness.dataSource.query(
      'SELECT type, processed_at FROM stripe_events WHERE id = $1',
      [event.id],
    );
    expect(row.type).toBe('customer.created');
    expect(row.processed_at).not.toBeNull();
  });

  describe('refuses with 400 and stores nothing', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const post = (body: string, headers: Record<string, string>) =>
      request(harness.url)
        .post('/webhooks/stripe')
        .set({ 'Content-Type': 'application/json', ...headers })
        .send(body);

    it.each([
      [
        'a tampered body',
        (body: string) => [body.replace('2500', '250000'), stripeSignature(body, TEST_WEBHOOK_SECRET)],
      ],
      [
        'a signature made with another secret',
        (body: string) => [body, stripeSignature(body, 'whsec_other_secret')],
      ],
      [
        'a timestamp older than 5 minutes',
        (body: string) => [body, stripeSignature(body, TEST_WEBHOOK_SECRET, now() - 301)],
      ],
      [
        'a timestamp more than 5 minutes ahead',
        (body: string) => [body, stripeSignature(body, TEST_WEBHOOK_SECRET, now() + 400)],
      ],
      [
        'a second timestamp, signed more than 5 minutes ahead, after a current one',
        (body: string) => [body, `t=${now()},${stripeSignature(body, TEST_WEBHOOK_SECRET, now() + 3600)}`],
      ],
      ['a missing header', (body: string) => [body, '']],
      [
        'a signed body that is not JSON',
        () => ['{"id": "evt_1",', stripeSignature('{"id": "evt_1",', TEST_WEBHOOK_SECRET)],
      ],
      [
        'a signed JSON body that is not an event',
        () => ['{"hello":1}', stripeSignature('{"hello":1}', TEST_WEBHOOK_SECRET)],
      ],
      [
        'a signed event whose type is not a Stripe event type (a NUL, which the inbox cannot store)',
        (body: string) => {
          const odd = body.replace(/"type":"[^"]*"/, '"type":"\\u0000"');
          return [odd, stripeSignature(odd, TEST_WEBHOOK_SECRET)];
        },
      ],
      [
        'a signed event whose object is a list, not a Stripe object',
        (body: string) => {
          const listed = JSON.stringify({ ...JSON.parse(body), data: { object: [{ id: 'cs_1' }] } });
          return [listed, stripeSignature(listed, TEST_WEBHOOK_SECRET)];
        },
      ],
      [
        'a signed event created after year 9999',
        (body: string) => {
          const late = body.replace(/"created":\d+/, '"created":999999999999');
          return [late, stripeSignature(late, TEST_WEBHOOK_SECRET)];
        },
      ],
    ])('%s', async (_, make) => {
      const before = await harness.storedEventCount();
      const [body, signature] = make(JSON.stringify(paidSession()));
      const response = await post(body!, signature ? { 'Stripe-Signature': signature } : {}).expect(400);
      expect(response.body.statusCode).toBe(400);
      expect(await harness.storedEventCount()).toBe(before);
    });

    it('a signed event sent as text/plain rather than JSON', async () => {
      const before = await harness.storedEventCount();
      const body = JSON.stringify(paidSession());
      const signature = stripeSignature(body, TEST_WEBHOOK_SECRET);
      await post(body, { 'Stripe-Signature': signature, 'Content-Type': 'text/plain' }).expect(400);
      expect(await harness.storedEventCount()).toBe(before);
    });
  });
});

describe('POST /webhooks/stripe while PostgreSQL is unavailable', () => {
  let harness: DonationsHarness;
  const admin = new Client({ connectionString: databaseUrl('postgres') });

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await harness.close();
  });

  const setConnections = async (allowed: boolean): Promise<void> => {
    const name = harness.env.database.name;
    await admin.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${allowed}`);
    if (!allowed) {
      // With a timeout pg_terminate_backend waits for each backend to exit, so no pooled connection
      // is still alive, about to die, when the test goes on (on a busy host a SIGTERM can take a while).
      await admin.query(
        'SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    }
  };

  it('answers 503 so Stripe retries, and the redelivered event is then recorded once', async () => {
    const event = paidSession();
    await setConnections(false);
    try {
      expect((await harness.deliver(event).expect(503)).body.code).toBe('event_not_stored');
    } finally {
      await setConnections(true);
    }
    await harness.deliver(event).expect(200);
    await harness.deliver(event).expect(200);
    await harness.waitProcessed([event]);
    const donations = await harness.donations();
    expect(donations).toHaveLength(1);
    expect(await harness.storedEventCount()).toBe(1);
  });
});
