import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

const SITE = 'https://www.charity.example';
const PUBLIC_URL = 'https://join.charity.example';
const WORDING =
  'Yes, please email me news and campaign updates from Friends of the Canal. I can unsubscribe at any time.';

describe('the hosted sign-up form', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const config = loadSubscribersConfig(
      env.env({ PUBLIC_URL, EMBED_ORIGINS: SITE, ORG_NAME: 'Friends of the Canal' }),
    );
    booted = await bootApp(config, SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  const post = (fields: Record<string, string>, origin: string | null = PUBLIC_URL) => {
    const call = request(booted.url).post('/subscribe').type('form').set('Accept', 'text/html');
    return (origin ? call.set('Origin', origin) : call).send(fields);
  };
  const requested = async (email: string) =>
    (await db.query(
      `SELECT c.kind, c.source, c.wording, n.status FROM supporters s
         JOIN consent_events c ON c.supporter_id = s.id
         LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id
        WHERE s.email_normalised = $1`,
      [email],
    )) as { kind: string; source: string; wording: string; status: string }[];

  it('GET /subscribe shows the form with its consent wording, unticked, frameable only by EMBED_ORIGINS', async () => {
    const page = await request(booted.url).get('/subscribe?source=footer').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('<label for="email">Email address</label>');
    expect(page.text).toContain(`<input type="checkbox" id="consent" name="consent" value="yes">`);
    expect(page.text).toContain(WORDING);
    expect(page.text).toContain('name="source" value="footer"');
    expect(page.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${SITE}`);
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('a form sign-up answers 303 to "check your email" and records the wording shown', async () => {
    const answer = await post({
      email: 'form.signup@example.org',
      name: 'Fran Form',
      consent: 'yes',
      source: 'footer',
    }).expect(303);
    expect(answer.headers.location).toBe('/subscribe/check-email');
    const page = await request(booted.url).get(answer.headers.location).expect(200);
    expect(page.text).toContain('Check your email');
    expect(await requested('form.signup@example.org')).toEqual([
      { kind: 'requested', source: 'footer', wording: WORDING, status: 'pending' },
    ]);
  });

  it.each([
    [{ email: '', consent: 'yes' }, 'email', 'Enter your email address'],
    [{ email: 'nobody@localhost', consent: 'yes' }, 'email', 'Enter an email address like name@example.com'],
    [{ email: 'x@example.org' }, 'consent', 'Tick the box to say you would like our emails'],
  ])(
    'refuses %j with a 400 page showing the error beside %s, entries kept',
    async (fields, field, message) => {
      const page = await post({ name: 'Kept Name', ...fields }).expect(400);
      expect(page.text).toContain(
        `<span class="error" id="${field}-error"><span class="visually-hidden">Error:</span> ${message}</span>`,
      );
      expect(page.text).toContain('value="Kept Name"');
      expect(await requested(fields.email ?? '')).toEqual([]);
    },
  );

  it('refuses a form posted from another website', async () => {
    await post({ email: 'csrf@example.org', consent: 'yes' }, 'https://evil.example').expect(403);
    expect(await requested('csrf@example.org')).toEqual([]);
    await post({ email: 'embedded@example.org', consent: 'yes' }, SITE).expect(303);
  });

  it('shows a browser a page, not JSON, past the per-address limit', async () => {
    const fields = { email: 'often@example.org', consent: 'yes' };
    for (let n = 0; n < 10; n += 1) await post(fields).expect(303);
    const limited = await post(fields).expect(429).expect('Content-Type', /html/);
    expect(limited.text).toContain('too many sign-ups from your connection or for this address');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('JSON callers still get 202, and the 400 naming the field', async () => {
    const body = { email: 'json.signup@example.org', consentText: WORDING };
    const answer = await request(booted.url).post('/subscribe').send(body).expect(202);
    expect(answer.body).toMatchObject({ status: 'accepted' });
    const refused = await request(booted.url)
      .post('/subscribe')
      .send({ email: 'json2@example.org' })
      .expect(400);
    expect(refused.body.message).toContain('consentText');
    await request(booted.url)
      .post('/subscribe')
      .send({ ...body, surprise: 1 })
      .expect(400);
  });

  it('lets only EMBED_ORIGINS call it from a browser (CORS)', async () => {
    const preflight = await request(booted.url)
      .options('/subscribe')
      .set('Origin', SITE)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type')
      .expect(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(SITE);
    expect(preflight.headers['access-control-allow-headers']).toBe('Content-Type');
    const allowed = await request(booted.url)
      .post('/subscribe')
      .set('Origin', SITE)
      .send({ email: 'cors@example.org', consentText: WORDING })
      .expect(202);
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await request(booted.url)
      .options('/subscribe')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
