import { createHmac } from 'node:crypto';
import { transactionalMailQueue } from '@crm/queues';
import { checkoutSessionObject, stripeEvent, stripeForm, stripeTestId, TEST_APP_SECRET } from '@crm/testing';
import type { Job } from 'bullmq';
import request from 'supertest';
import { ErasureService } from '../erasure/erasure.service';
import { DonationsHarness } from '../../test/donations-harness';
import { signIncreaseToken, signManageToken } from './donor-link';

const DAY = 86_400;
const now = () => Math.floor(Date.now() / 1000);
const tokenOf = (url: string): string => new URL(url).searchParams.get('token')!;

describe('donor self-service for a monthly gift', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start({ DONATIONS_PUBLIC_URL: 'https://give.example.org' });
  });
  afterAll(() => harness.close());

  /** A paid monthly gift of £10; returns the manage link from its receipt request. */
  const monthlyGift = async (email: string | null = 'donor@example.org') => {
    const subscription = stripeTestId('sub');
    await harness.process(
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          mode: 'subscription',
          subscription,
          amountTotal: 1000,
          ...(email ? { email } : {}),
          metadata: { amount: '1000', fee_amount: '0' },
        }),
      ),
    );
    const [gift] = await harness.dataSource.query(
      'SELECT id FROM recurring_donations WHERE stripe_subscription_id = $1',
      [subscription],
    );
    const id = gift.id as string;
    if (!email) {
      return {
        subscription,
        id,
        manageUrl: null,
        token: signManageToken(TEST_APP_SECRET, { recurringDonationId: id, version: 1 }),
      };
    }
    const receipt = (await harness.jobsIn(transactionalMailQueue.name)).find(
      (job) => job.data.template === 'donation-receipt' && job.data.manageUrl?.includes(id),
    );
    const manageUrl = new URL(receipt!.data.manageUrl as string);
    return { subscription, id, manageUrl, token: manageUrl.searchParams.get('token')! };
  };

  const mailAbout = async (template: string, giftId: string): Promise<Job[]> =>
    (await harness.jobsIn(transactionalMailQueue.name)).filter(
      (job) => job.data.template === template && job.data.recurringDonationId === giftId,
    );
  const giftRow = async (id: string) =>
    (
      await harness.dataSource.query(
        'SELECT amount, status, donor_link_version FROM recurring_donations WHERE id = $1',
        [id],
      )
    )[0];
  const subscriptionUpdates = (subscription: string) =>
    harness.stripe.requestsTo('POST', `/v1/subscriptions/${subscription}`);

  it('puts a signed manage link for the gift in its receipt', async () => {
    const gift = await monthlyGift();
    expect(gift.manageUrl!.origin + gift.manageUrl!.pathname).toBe(
      'https://give.example.org/donor/recurring',
    );
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
    const forged = signManageToken('another-secret-0123456789abcdef0123456789', {
      recurringDonationId: gift.id,
      version: 1,
    });
    await request(harness.url).get(`/donor/recurring?token=${forged}`).expect(403);
    await request(harness.url)
      .get(`/donor/recurring?token=${gift.token.slice(0, -2)}xx`)
      .expect(403);
    await request(harness.url).get('/donor/recurring').expect(400);
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
    expect(subscriptionUpdates(gift.subscription)).toHaveLength(0);
  });

  it('lowers the amount through Stripe, emails the donor a confirmation with a new link, and the old link stops working', async () => {
    const gift = await monthlyGift();
    const { body } = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'change-amount', amount: 500 })
      .expect(200)
      .expect('Cache-Control', 'no-store');
    expect(body.amount).toBe(500);
    const update = subscriptionUpdates(gift.subscription).at(-1)!;
    const form = stripeForm(update);
    expect(form.get('items[0][price_data][unit_amount]')).toBe('500');
    expect(form.get('items[0][id]')).toBe('si_test_1');
    expect(update.headers['idempotency-key']).toBeDefined();
    expect(await giftRow(gift.id)).toEqual({ amount: 500, status: 'active', donor_link_version: 2 });

    const [confirmation] = await mailAbout('donor-gift-changed', gift.id);
    expect(confirmation!.data).toMatchObject({ change: 'decreased', amount: 500, previousAmount: 1000 });
    await request(harness.url).get(`/donor/recurring?token=${gift.token}`).expect(410);
    const fresh = tokenOf(confirmation!.data.manageUrl as string);
    expect((await request(harness.url).get(`/donor/recurring?token=${fresh}`).expect(200)).body.amount).toBe(
      500,
    );
  });

  it('never raises the amount through the receipt link: it emails the donor a link that confirms the raise, once', async () => {
    const gift = await monthlyGift();
    const asked = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'change-amount', amount: 1_000_000 })
      .expect(202);
    expect(asked.body.amount).toBe(1000);
    expect(subscriptionUpdates(gift.subscription)).toHaveLength(0);
    expect(await giftRow(gift.id)).toEqual({ amount: 1000, status: 'active', donor_link_version: 1 });
    expect(await mailAbout('donor-gift-changed', gift.id)).toEqual([]);
    const [request_] = await mailAbout('donor-increase-confirm', gift.id);
    expect(request_!.data).toMatchObject({ amount: 1_000_000, previousAmount: 1000 });
    const confirmToken = tokenOf(request_!.data.confirmUrl as string);

    // Opening the emailed link (a mail scanner does) changes nothing; its page's button does.
    const page = await request(harness.url)
      .get(`/donor/recurring?token=${confirmToken}`)
      .set('Accept', 'text/html')
      .expect(200);
    expect(page.text).toContain('Confirm 10000.00 GBP a month');
    expect(subscriptionUpdates(gift.subscription)).toHaveLength(0);
    // The confirmation link does that raise and nothing else.
    await request(harness.url)
      .post(`/donor/recurring?token=${confirmToken}`)
      .send({ action: 'cancel' })
      .expect(400)
      .expect((response) => expect(response.body.message).toContain('action'));
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'confirm-increase' })
      .expect(400);

    const confirmed = await request(harness.url)
      .post(`/donor/recurring?token=${confirmToken}`)
      .set('Accept', 'text/html')
      .type('form')
      .send('action=confirm-increase')
      .expect(200);
    expect(confirmed.text).toContain('Your monthly amount is raised');
    expect(
      stripeForm(subscriptionUpdates(gift.subscription).at(-1)!).get('items[0][price_data][unit_amount]'),
    ).toBe('1000000');
    expect(await giftRow(gift.id)).toEqual({ amount: 1_000_000, status: 'active', donor_link_version: 2 });
    const [changed] = await mailAbout('donor-gift-changed', gift.id);
    expect(changed!.data).toMatchObject({ change: 'increased', amount: 1_000_000, previousAmount: 1000 });
    // Used once: the confirmation link and the receipt's link both stop working.
    await request(harness.url)
      .post(`/donor/recurring?token=${confirmToken}`)
      .send({ action: 'confirm-increase' })
      .expect(410);
    await request(harness.url).get(`/donor/recurring?token=${gift.token}`).expect(410);
    expect(subscriptionUpdates(gift.subscription)).toHaveLength(1);
  });

  it('cannot confirm a raise for a gift with no address to send the confirmation to', async () => {
    const gift = await monthlyGift(null);
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'change-amount', amount: 2000 })
      .expect(409);
    expect(await mailAbout('donor-increase-confirm', gift.id)).toEqual([]);
  });

  it('cancels the gift through Stripe from the HTML form, once, and confirms it by email', async () => {
    const gift = await monthlyGift();
    const page = await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .set('Accept', 'text/html')
      .type('form')
      .send('action=cancel')
      .expect(200);
    expect(page.text).toContain('cancelled');
    expect(page.text).not.toContain('<form');
    expect(harness.stripe.requestsTo('DELETE', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(1);
    expect((await giftRow(gift.id)).status).toBe('cancelled');
    const [confirmation] = await mailAbout('donor-gift-changed', gift.id);
    expect(confirmation!.data).toMatchObject({ change: 'cancelled', previousAmount: 1000 });
    expect(confirmation!.data.manageUrl).toBeUndefined();
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'cancel' })
      .expect(410);
    expect(harness.stripe.requestsTo('DELETE', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(1);
  });

  it('lets a receipt link work for 90 days and a raise confirmation for 2, then shows a page saying a new link comes with the next receipt', async () => {
    const gift = await monthlyGift();
    const manage = (issuedAt: number) =>
      signManageToken(TEST_APP_SECRET, { recurringDonationId: gift.id, version: 1 }, issuedAt);
    await request(harness.url)
      .get(`/donor/recurring?token=${manage(now() - 89 * DAY)}`)
      .expect(200);
    const expired = await request(harness.url)
      .get(`/donor/recurring?token=${manage(now() - 91 * DAY)}`)
      .set('Accept', 'text/html')
      .expect(410)
      .expect('Cache-Control', 'no-store');
    expect(expired.text).toContain('A new link comes with your next receipt');
    await request(harness.url)
      .post(`/donor/recurring?token=${manage(now() - 91 * DAY)}`)
      .send({ action: 'cancel' })
      .expect(410);
    const increase = (issuedAt: number) =>
      signIncreaseToken(
        TEST_APP_SECRET,
        { recurringDonationId: gift.id, version: 1, amount: 2000 },
        issuedAt,
      );
    await request(harness.url)
      .post(`/donor/recurring?token=${increase(now() - 3 * DAY)}`)
      .send({ action: 'confirm-increase' })
      .expect(410);
    await request(harness.url)
      .get(`/donor/recurring?token=${increase(now() - DAY)}`)
      .expect(200);
    // A link from before links carried a version and an issue time (the gift id and its HMAC only).
    const firstFormat = `${gift.id}.${createHmac('sha256', TEST_APP_SECRET).update(`donor-recurring:${gift.id}`).digest('base64url')}`;
    const old = await request(harness.url)
      .get(`/donor/recurring?token=${firstFormat}`)
      .set('Accept', 'text/html')
      .expect(410);
    expect(old.text).toContain('A new link comes with your next receipt');
    expect(subscriptionUpdates(gift.subscription)).toHaveLength(0);
    expect(harness.stripe.requestsTo('DELETE', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(0);
  });

  it("revokes the donor's links when they are erased", async () => {
    const gift = await monthlyGift();
    const supporterId = '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
    await harness.dataSource.query('UPDATE recurring_donations SET supporter_id = $1 WHERE id = $2', [
      supporterId,
      gift.id,
    ]);
    await harness.app.app.get(ErasureService).forget(supporterId);
    await request(harness.url).get(`/donor/recurring?token=${gift.token}`).expect(410);
    await request(harness.url)
      .post(`/donor/recurring?token=${gift.token}`)
      .send({ action: 'cancel' })
      .expect(410);
    // Even a link made for the gift's new version: the erased donor's gift has no working link.
    const { donor_link_version: version } = await giftRow(gift.id);
    const remade = signManageToken(TEST_APP_SECRET, { recurringDonationId: gift.id, version });
    await request(harness.url).get(`/donor/recurring?token=${remade}`).expect(410);
    expect(harness.stripe.requestsTo('DELETE', `/v1/subscriptions/${gift.subscription}`)).toHaveLength(0);
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
    const token = signManageToken(TEST_APP_SECRET, { recurringDonationId: gift!.id, version: 1 });
    const change = (amount: number) =>
      request(harness.url).post(`/donor/recurring?token=${token}`).send({ action: 'change-amount', amount });

    expect((await change(5).expect(400)).body.message).toMatch(/amount/);
    await change(500).expect(503);
    // Nothing was changed, so the link still works.
    await request(harness.url).get(`/donor/recurring?token=${token}`).expect(200);
  });
});
