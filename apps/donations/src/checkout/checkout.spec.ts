import { bootApp, stripeForm, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../config/donations.config';
import { DonationsModule } from '../donations.module';
import { DonationsHarness } from '../../test/donations-harness';

describe('POST /checkout', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({
      DONATIONS_PUBLIC_URL: 'https://give.charity.example',
      EMBED_ORIGINS: 'https://www.charity.example',
    });
  });
  afterAll(() => harness.close());

  const lastSessionRequest = () => harness.stripe.requestsTo('POST', '/v1/checkout/sessions').at(-1)!;

  it('creates a one-off payment session and answers its id and url', async () => {
    const response = await request(harness.url)
      .post('/checkout')
      .send({ amount: 2500, frequency: 'one_off', email: 'ada@example.org', campaign: 'winter' })
      .expect(201);
    expect(response.body).toMatchObject({ amount: 2500, feeAmount: 0, totalAmount: 2500, currency: 'gbp' });
    expect(response.body.id).toMatch(/^cs_/);
    expect(response.body.url).toContain(response.body.id);
    const sent = lastSessionRequest();
    const form = stripeForm(sent);
    expect(form.get('mode')).toBe('payment');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('2500');
    expect(form.get('line_items[0][price_data][currency]')).toBe('gbp');
    expect(form.get('metadata[campaign]')).toBe('winter');
    expect(form.get('customer_email')).toBe('ada@example.org');
    expect(sent.headers['idempotency-key']).toMatch(/^checkout-/);
  });

  it('creates a monthly subscription session whose total includes the covered fee', async () => {
    const response = await request(harness.url)
      .post('/checkout')
      .set('Idempotency-Key', 'donor-form-123456')
      .send({ amount: 1000, frequency: 'monthly', coverFees: true })
      .expect(201);
    expect(response.body).toMatchObject({
      amount: 1000,
      feeAmount: 36,
      totalAmount: 1036,
      frequency: 'monthly',
    });
    const sent = lastSessionRequest();
    const form = stripeForm(sent);
    expect(form.get('mode')).toBe('subscription');
    expect(form.get('line_items[0][price_data][recurring][interval]')).toBe('month');
    expect(form.get('line_items[0][price_data][unit_amount]')).toBe('1036');
    expect(form.get('subscription_data[metadata][fee_amount]')).toBe('36');
    expect(sent.headers['idempotency-key']).toBe('checkout-donor-form-123456');
  });

  it('carries the Gift Aid declaration in the session only, and stores none before it is paid', async () => {
    const response = await request(harness.url)
      .post('/checkout')
      .send({
        amount: 5000,
        frequency: 'one_off',
        giftAid: {
          title: 'Ms',
          firstName: 'Ada',
          lastName: 'Lovelace',
          houseNameOrNumber: '12',
          postcode: ' sw1a1aa ',
        },
      })
      .expect(201);
    expect(harness.lastSessionMetadata()).toMatchObject({
      gift_aid: 'true',
      gift_aid_title: 'Ms',
      gift_aid_first_name: 'Ada',
      gift_aid_last_name: 'Lovelace',
      gift_aid_house: '12',
      gift_aid_postcode: 'SW1A 1AA',
      gift_aid_wording: expect.any(String),
    });
    // The payment's own metadata (kept by Stripe for every charge) does not get the address.
    const form = stripeForm(lastSessionRequest());
    expect(form.get('payment_intent_data[metadata][gift_aid]')).toBe('true');
    expect(form.get('payment_intent_data[metadata][gift_aid_postcode]')).toBeNull();
    const declarations = await harness.dataSource.query(
      'SELECT id FROM gift_aid_declarations WHERE stripe_checkout_session_id = $1',
      [response.body.id],
    );
    expect(declarations).toEqual([]);
  });

  it("returns the donor to the organisation's website or this app's own pages", async () => {
    const successUrl = 'https://www.charity.example/thanks?from=checkout';
    const cancelUrl = 'https://give.charity.example/donate';
    await request(harness.url)
      .post('/checkout')
      .send({ amount: 1000, frequency: 'one_off', successUrl, cancelUrl })
      .expect(201);
    const form = stripeForm(lastSessionRequest());
    expect(form.get('success_url')).toBe(successUrl);
    expect(form.get('cancel_url')).toBe(cancelUrl);
  });

  it.each([
    ['successUrl', 'https://evil.example/thanks'],
    ['successUrl', 'https://evil.example@www.charity.example/thanks'],
    ['successUrl', 'https://www.charity.example.evil.example/thanks'],
    ['successUrl', 'https://www.charity.example:8443/thanks'],
    ['cancelUrl', 'http://www.charity.example/donate'],
    ['cancelUrl', 'https://evil.example/?next=https://www.charity.example/'],
  ])(
    'refuses a %s on another origin (%s) with a 400 naming it, without calling Stripe',
    async (field, url) => {
      const before = harness.stripe.requests.length;
      const response = await request(harness.url)
        .post('/checkout')
        .send({ amount: 1000, frequency: 'one_off', [field]: url })
        .expect(400);
      expect(response.body.message).toContain(field);
      expect(response.body.details).toEqual([expect.objectContaining({ field })]);
      expect(harness.stripe.requests.length).toBe(before);
    },
  );

  it.each([
    [{ amount: 99, frequency: 'one_off' }, 'amount'],
    [{ amount: 1_000_001, frequency: 'one_off' }, 'amount'],
    [{ amount: 10.5, frequency: 'one_off' }, 'amount'],
    [{ amount: 1000, frequency: 'weekly' }, 'frequency'],
    [{ amount: 1000, frequency: 'one_off', currency: 'usd' }, 'currency'],
    [{ amount: 1000, frequency: 'one_off', email: 'not-an-email' }, 'email'],
    [{ amount: 1000, frequency: 'one_off', giftAid: { firstName: 'A' } }, 'giftAid.lastName'],
    [{ amount: 1000, frequency: 'one_off', giftAid: [] }, 'giftAid'],
    [
      {
        amount: 1000,
        frequency: 'one_off',
        giftAid: [{ firstName: 'A', lastName: 'B', houseNameOrNumber: '1', postcode: 'N1 1AA' }],
      },
      'giftAid',
    ],
    [
      {
        amount: 1000,
        frequency: 'one_off',
        giftAid: { firstName: 'A', lastName: 'B', houseNameOrNumber: '1', postcode: 'not a postcode' },
      },
      'postcode',
    ],
    [{ amount: 1000, frequency: 'one_off', surprise: true }, 'surprise'],
    [{ amount: 1000, frequency: 'one_off', name: 'Ada\r\nBcc: x@example.com' }, 'name'],
    [
      {
        amount: 1000,
        frequency: 'one_off',
        giftAid: { firstName: 'A\nB', lastName: 'B', houseNameOrNumber: '1', postcode: 'N1 1AA' },
      },
      'giftAid.firstName',
    ],
  ])('refuses %j with a 400 naming %s, without calling Stripe', async (body, field) => {
    const before = harness.stripe.requests.length;
    const response = await request(harness.url).post('/checkout').send(body).expect(400);
    expect(response.body.message).toContain(field);
    expect(harness.stripe.requests.length).toBe(before);
  });

  it('answers 503 when Stripe fails or times out, and 502 when it refuses', async () => {
    harness.stripe.script({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    harness.stripe.script({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    const failed = await request(harness.url)
      .post('/checkout')
      .send({ amount: 1000, frequency: 'one_off' })
      .expect(503);
    expect(failed.body.message).toMatch(/payment provider is unavailable/i);
    harness.stripe.script({ status: 400, body: { error: { type: 'invalid_request_error', message: 'no' } } });
    await request(harness.url).post('/checkout').send({ amount: 1000, frequency: 'one_off' }).expect(502);
  });

  it('answers 409 when Stripe says the Idempotency-Key was used for a different request', async () => {
    harness.stripe.script({
      status: 400,
      body: {
        error: {
          type: 'idempotency_error',
          message: 'Keys for idempotent requests can only be used with the same parameters',
        },
      },
    });
    const response = await request(harness.url)
      .post('/checkout')
      .set('Idempotency-Key', 'donate-button-0001')
      .send({ amount: 2000, frequency: 'one_off' })
      .expect(409);
    expect(response.body.message).toContain('Idempotency-Key');
  });
});

describe('POST /checkout without Stripe configured', () => {
  it('answers 503 saying payments are not configured', async () => {
    const env = await TestEnvironment.create();
    const app = await bootApp(loadDonationsConfig(env.env()), DonationsModule.forRoot);
    try {
      const response = await request(app.url)
        .post('/checkout')
        .send({ amount: 1000, frequency: 'one_off' })
        .expect(503);
      expect(response.body.message).toMatch(/STRIPE_SECRET_KEY/);
      await request(app.url).post('/webhooks/stripe').send({}).expect(503);
      const [row] = await app.app.get(DataSource).query('SELECT count(*)::int AS n FROM stripe_events');
      expect(row.n).toBe(0);
    } finally {
      await app.close();
      await env.destroy();
    }
  });
});

describe('POST /checkout when Stripe hangs', () => {
  it('gives up after the configured timeout with a 503', async () => {
    const harness = await DonationsHarness.start({ STRIPE_TIMEOUT_MS: '300' });
    try {
      harness.stripe.script({ status: 200, hang: true }, { status: 200, hang: true });
      await request(harness.url).post('/checkout').send({ amount: 1000, frequency: 'one_off' }).expect(503);
    } finally {
      await harness.close();
    }
  });
});

describe('POST /checkout rate limit', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({ CHECKOUT_IP_LIMIT: '3', CHECKOUT_IP_WINDOW_SECONDS: '60' });
  });
  afterAll(() => harness.close());

  it('answers 429 with Retry-After past the per-IP limit, without calling Stripe', async () => {
    const start = () => request(harness.url).post('/checkout').send({ amount: 1000, frequency: 'one_off' });
    for (let n = 0; n < 3; n += 1) await start().expect(201);
    const sessions = harness.stripe.requestsTo('POST', '/v1/checkout/sessions').length;
    const limited = await start().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ statusCode: 429 });
    expect(harness.stripe.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(sessions);
  });
});
