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
