import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BootedApp,
  bootApp,
  checkoutSessionObject,
  FakeStripe,
  signedDelivery,
  stripeEvent,
  TestEnvironment,
  waitFor,
} from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../apps/donations/src/donations.module';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

const SECRET = 'whsec_e2e_donor_link_0123456789';

/** A paid gift reaches the subscribers app once and comes back linked to its supporter, never as consent. */
describe('donation → supporter → linked donation', () => {
  let env: TestEnvironment;
  let stripe: FakeStripe;
  let dir: string;
  let donations: BootedApp;
  let subscribers: BootedApp;
  let db: DataSource;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'donor-link-spec-'));
    env = await TestEnvironment.create();
    stripe = await new FakeStripe().start();
    const vars = env.env({ ...stripe.env(SECRET), IMPORT_DIR: join(dir, 'uploads') });
    donations = await bootApp(loadDonationsConfig(vars), DonationsModule.forRoot);
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    db = donations.app.get(DataSource);
  });
  afterAll(async () => {
    await donations.close();
    await subscribers.close();
    await stripe.stop();
    await env.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates one supporter for a gift delivered three times and sets it on the donation', async () => {
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({ amountTotal: 2000, email: 'Ida.Wells@example.org', name: 'Ida Wells' }),
    );
    const { body, headers } = signedDelivery(event, SECRET);
    for (let i = 0; i < 3; i += 1) {
      await request(donations.url).post('/webhooks/stripe').set(headers).send(body).expect(200);
    }
    const [donation] = await waitFor(async () => {
      const rows: { id: string; supporter_id: string | null }[] = await db.query(
        'SELECT id, supporter_id FROM donations WHERE stripe_checkout_session_id = $1',
        [event.data.object.id],
      );
      return rows[0]?.supporter_id ? rows : null;
    });
    const supporters: { id: string }[] = await db.query(
      `SELECT id FROM supporters WHERE email_normalised = 'ida.wells@example.org'`,
    );
    expect(supporters.map((supporter) => supporter.id)).toEqual([donation!.supporter_id]);
    const subscriptions: { status: string }[] = await db.query(
      'SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1',
      [donation!.supporter_id],
    );
    expect(subscriptions.filter((subscription) => subscription.status === 'subscribed')).toEqual([]);
  });
});

/**
 * The receipt's link to a monthly gift, through the mailer's dev outbox: a raise asked for through
 * it arrives as an email to the donor and happens only when that email's page's button is pressed;
 * each change is confirmed by email with a new link, and the links before stop working.
 */
describe('a monthly gift changed from the links in its emails', () => {
  let env: TestEnvironment;
  let stripe: FakeStripe;
  let donations: BootedApp;
  let mailer: BootedApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    stripe = await new FakeStripe().start();
    const vars = env.env({ ...stripe.env(SECRET), SENDGRID_API_KEY: undefined });
    donations = await bootApp(loadDonationsConfig(vars), DonationsModule.forRoot);
    mailer = await bootApp(loadMailerConfig(vars), MailerModule.forRoot);
    db = donations.app.get(DataSource);
  });
  afterAll(async () => {
    await donations.close();
    await mailer.close();
    await stripe.stop();
    await env.destroy();
  });

  /** The link of the latest email of `template` to `to`, once the mailer has written it to the outbox. */
  const linkIn = async (
    template: string,
    to: string,
    after: Date,
  ): Promise<{ text: string; url: string }> => {
    const [message] = await waitFor(
      async () => {
        const rows: { text: string }[] = await db.query(
          `SELECT text FROM outbox_messages WHERE template = $1 AND to_address = $2 AND created_at > $3
           ORDER BY created_at DESC LIMIT 1`,
          [template, to, after],
        );
        return rows.length > 0 ? rows : null;
      },
      { what: `a ${template} email` },
    );
    const url = /https?:\/\/\S+\/donor\/recurring\?token=\S+/.exec(message!.text)?.[0] ?? '';
    return { text: message!.text, url };
  };
  const path = (url: string): string => {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  };

  it('raises the gift only from the emailed confirmation, confirms each change by email, and retires old links', async () => {
    const start = new Date(Date.now() - 1000);
    const subscription = `sub_e2e_${Date.now()}`;
    const event = stripeEvent(
      'checkout.session.completed',
      checkoutSessionObject({
        mode: 'subscription',
        subscription,
        amountTotal: 1000,
        email: 'grace@example.org',
        name: 'Grace Hopper',
        metadata: { amount: '1000', fee_amount: '0' },
      }),
    );
    const { body, headers } = signedDelivery(event, SECRET);
    await request(donations.url).post('/webhooks/stripe').set(headers).send(body).expect(200);
    const receipt = await linkIn('donation-receipt', 'grace@example.org', start);
    expect(receipt.url).not.toBe('');

    const asked = new Date();
    await request(donations.url)
      .post(path(receipt.url))
      .send({ action: 'change-amount', amount: 1_000_000 })
      .expect(202);
    const [unchanged] = await db.query(
      'SELECT amount FROM recurring_donations WHERE stripe_subscription_id = $1',
      [subscription],
    );
    expect(unchanged.amount).toBe(1000);
    const confirmation = await linkIn('donor-increase-confirm', 'grace@example.org', asked);
    expect(confirmation.text).toContain('from £10.00 to £10,000.00');
    // Opening it (as a mail scanner would) changes nothing.
    await request(donations.url).get(path(confirmation.url)).set('Accept', 'text/html').expect(200);
    expect(stripe.requestsTo('POST', `/v1/subscriptions/${subscription}`)).toHaveLength(0);

    const confirmed = new Date();
    await request(donations.url)
      .post(path(confirmation.url))
      .type('form')
      .send('action=confirm-increase')
      .expect(200);
    const changed = await linkIn('donor-gift-changed', 'grace@example.org', confirmed);
    expect(changed.text).toContain('changed from £10.00 to £10,000.00 a month');
    const [raised] = await db.query(
      'SELECT amount FROM recurring_donations WHERE stripe_subscription_id = $1',
      [subscription],
    );
    expect(raised.amount).toBe(1_000_000);

    // The receipt's and the confirmation's links are spent; the new one lowers the gift again.
    await request(donations.url).get(path(receipt.url)).expect(410);
    await request(donations.url)
      .post(path(confirmation.url))
      .send({ action: 'confirm-increase' })
      .expect(410);
    const lowered = new Date();
    await request(donations.url)
      .post(path(changed.url))
      .send({ action: 'change-amount', amount: 800 })
      .expect(200);
    const again = await linkIn('donor-gift-changed', 'grace@example.org', lowered);
    expect(again.text).toContain('changed from £10,000.00 to £8.00 a month');
  });
});
