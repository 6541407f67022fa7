import { transactionalMailQueue } from '@crm/queues';
import { checkoutSessionObject, stripeEvent, stripeForm, stripeTestId, TEST_APP_SECRET } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../testing/donations-harness';
import { signDonorToken } from './donor-link';

describe('donor self-service for a monthly gift', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({ DONATIONS_PUBLIC_URL: 'https://give.example.org' });
  });
  afterAll(() => harness.close());

  /** A paid monthly gift; returns the manage link from its receipt request. */
  const monthlyGift = async () => {
    const subscription = stripeTestId('sub');
    await harness.process(
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          mode: 'subscription',
          subscription,
          amountTotal: 1000,
          email: 'donor@example.org',
          metadata: { amount: '1000', fee_amount: '0' },
        }),
      ),
    );
    const [gift] = await harness.dataSource.query(
      'SELECT id FROM recurring_donations WHERE stripe_subscription_id = $1',
      [subscription],
    );
    const receipt = (await harness.jobsIn(transactionalMailQueue.name)).find(
      (job) => job.data.template === 'donation-receipt' && job.data.manageUrl?.includes(gift.id.slice(0, 8)),
    );
    const manageUrl = new URL(receipt!.data.manageUrl as string);
    return { subscription, id: gift.id as string, manageUrl, token: manageUrl.searchParams.get('token')! };
  };

  it('puts a signed manage link for the gift in its receipt', async () => {
    const gift = await monthlyGift();
    expect(gift.manageUrl.origin + gift.manageUrl.pathname).toBe('https://give.example.org/donor/recurring');
    const { body } = await request(harness.url).get(`/donor/recurring?token=${gift.token}`).expect(200);
    expect(body).toMatchObject({ amount: 1000, currency: 'gbp', status: 'active', cancelAtPeriodEnd: false });
    const page = await request(harness.url)
      .get(`/donor/recurring?token=${gift.token}`)
      .set('Accept', 'text/html')
      .expect(200);
    expect(page.text).toContain('Cancel my monthly gift');
  });

  it('refuses a forged, altered or missing token', async () => {
    const gift = await monthlyGift();
    const forged = signDonorToken('another-secret-0123456789abcdef0123456789', gift.id);
    await request(harness.url).get(`/donor/recurring?token=${forged}`).expect(403);
    await request(harness.url)
      .get(`/donor/recurring?token=${gift.token.slice(0, -2)}xx`)
      .expect(403);
    await request(harness.url).get('/donor/recurring').expect(400);
    expect(signDonorToken(TEST_APP_SECRET, gift.id)).toBe(gift.token);
  });

  it("shows a donor's browser a page saying why, not a JSON error, when the link or the change fails", async () => {
    const gift = await monthlyGift();
    const altered = await request(harness.url)
      .get(`/donor/recurring?token=${gift.token.slice(0, -2)}xx`)
      .set('Accept', 'text/html,application/xhtml+xml')
      .expect(403)
      .expect('Content-Type', /text\/html/)
      .expect('Cache-Control', 'no-store');
    expect(altered.text).toContain('This link is not valid');
    const missing = await request(harness.url).get('/donor/recurring').set('Accept', 'text/html').expect(400);
    expect(missing.text).toContain('This link is not valid');
    expect(missing.text).not.toContain('must be a string');
    const tooSmall = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .set('Accept', 'text/html')
      .type('form')
      .send('action=change-amount&amount=5')
      .expect(400)
      .expect('Content-Type', /text\/html/);
    expect(tooSmall.text).toMatch(/amount/);
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .set('Accept', 'text/html')
      .set('Content-Type', 'text/plain')
      .send('action=cancel')
      .expect(415)
      .expect('Content-Type', /text\/html/)
      .expect((response) => expect(response.text).toContain('Content-Type must be'));
    expect(tooSmall.text).not.toContain('statusCode');
    expect(harness.stripe.requestsTo('POST', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(0);
  });

  it('changes the monthly amount through Stripe', async () => {
    const gift = await monthlyGift();
    const { body } = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'change-amount', amount: 2500 })
      .expect(200)
      .expect('Cache-Control', 'no-store');
    expect(body.amount).toBe(2500);
    const update = harness.stripe.requestsTo('POST', `/v1/subscriptions/${gift.subscription}`).at(-1)!;
    const form = stripeForm(update);
    expect(form.get('items[0][price_data][unit_amount]')).toBe('2500');
    expect(form.get('items[0][id]')).toBe('si_test_1');
    expect(update.headers['idempotency-key']).toBeDefined();
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'change-amount', amount: 5 })
      .expect(400);
  });

  it('cancels the gift through Stripe from the HTML form, once', async () => {
    const gift = await monthlyGift();
    const page = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .set('Accept', 'text/html')
      .type('form')
      .send('action=cancel')
      .expect(200);
    expect(page.text).toContain('cancelled');
    expect(harness.stripe.requestsTo('DELETE', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(1);
    const [row] = await harness.dataSource.query('SELECT status FROM recurring_donations WHERE id = $1', [
      gift.id,
    ]);
    expect(row.status).toBe('cancelled');
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'cancel' })
      .expect(409);
  });
});

describe('donor self-service while Stripe is not configured', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({ STRIPE_SECRET_KEY: undefined });
  });
  afterAll(() => harness.close());

  it('still answers an amount below the minimum with a 400 naming it, and a valid change with 503', async () => {
    const [gift] = (await harness.dataSource.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, amount, currency, status)
       VALUES ($1, 1000, 'gbp', 'active') RETURNING id`,
      [stripeTestId('sub')],
    )) as { id: string }[];
    const change = (amount: number) =>
      request(harness.url)
        .post(`/donor/recurring?token=${signDonorToken(TEST_APP_SECRET, gift!.id)}`)
        .send({ action: 'change-amount', amount });

    expect((await change(5).expect(400)).body.message).toMatch(/amount/);
    await change(2500).expect(503);
  });
});
