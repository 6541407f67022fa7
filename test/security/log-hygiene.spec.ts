import { StaffTokens } from '@crm/auth';
import { dataSourceOptions } from '@crm/database';
import {
  APP_NAMES,
  FakeStripe,
  FakeSendGrid,
  stripeSignature,
  staffBearer,
  TestEnvironment,
} from '@crm/testing';
import { DataSource } from 'typeorm';
import { FakeProviders, STRIPE_WEBHOOK_SECRET } from './support/provider-env';
import { type RunningApps, startSystem, stopSystem } from './support/running-system';

const DONOR_EMAIL = 'ada.lovelace+logs@example.com';

/**
 * The three apps run as processes at debug level; realistic traffic carrying addresses, tokens,
 * keys and signatures goes through them, and no captured log line may hold any of it.
 */
describe('log hygiene of the running apps', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let apps: RunningApps;
  let dataSource: DataSource;
  const secretsUsed: string[] = [FakeStripe.SECRET_KEY, FakeSendGrid.API_KEY, STRIPE_WEBHOOK_SECRET];

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    dataSource = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 2 })).initialize();
    apps = await startSystem(env, providers, { LOG_LEVEL: 'debug' });
  }, 120_000);
  afterAll(async () => {
    await stopSystem(apps);
    await dataSource?.destroy();
    await providers?.stop();
    await env?.destroy();
  });

  const send = async (url: string, init: RequestInit = {}): Promise<number> =>
    (await fetch(url, init)).status;

  it('logs requests carrying staff tokens without the tokens', async () => {
    const admin = await staffBearer(dataSource, 'admin', 'log-admin');
    const revoked = await staffBearer(dataSource, 'viewer', 'log-revoked');
    await new StaffTokens(dataSource).revoke('log-revoked');
    secretsUsed.push(admin, revoked);
    for (const app of APP_NAMES) {
      for (const authorization of [admin, revoked, 'Bearer crm_forged-token-0123456789abcdef']) {
        await send(`${apps[app].url}/docs-json`, { headers: { Authorization: authorization } });
        await send(`${apps[app].url}/no-such-route?token=${encodeURIComponent(authorization)}`, {
          headers: { Authorization: authorization },
        });
      }
    }
  });

  it('logs hostile and malformed public requests without the addresses or signatures they carry', async () => {
    const payload = JSON.stringify({
      id: 'evt_log_1',
      type: 'checkout.session.completed',
      email: DONOR_EMAIL,
    });
    const signature = stripeSignature(payload, STRIPE_WEBHOOK_SECRET);
    const sendgridHeaders = providers.sendgridKeys.sign(
      JSON.stringify([{ email: DONOR_EMAIL, event: 'open' }]),
    );
    secretsUsed.push(signature, sendgridHeaders['X-Twilio-Email-Event-Webhook-Signature']!);
    const json = { 'Content-Type': 'application/json' };
    await send(`${apps.donations.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { ...json, 'Stripe-Signature': signature },
      body: payload,
    });
    await send(`${apps.donations.url}/checkout?email=${encodeURIComponent(DONOR_EMAIL)}`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ amount: 'lots', email: DONOR_EMAIL }),
    });
    await send(`${apps.mailer.url}/webhooks/sendgrid`, {
      method: 'POST',
      headers: { ...json, ...sendgridHeaders },
      body: JSON.stringify([{ email: DONOR_EMAIL, event: 'open' }]),
    });
    await send(`${apps.subscribers.url}/subscribe`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: DONOR_EMAIL, consentText: 'Yes please' }),
    });
    await send(`${apps.subscribers.url}/subscribe`, {
      method: 'POST',
      headers: json,
      body: `{"email":"${DONOR_EMAIL}"`,
    });
  });

  it('has written no log line holding an address, token, key or signature', () => {
    const lines = APP_NAMES.flatMap((app) => apps[app].logs.lines);
    expect(lines.length).toBeGreaterThan(10);
    const leaks = APP_NAMES.flatMap((app) =>
      apps[app].logs.leaks(secretsUsed).map((leak) => `${app}: ${leak.kind}: ${leak.line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });
});
