import { transactionalMailQueue } from '@crm/queues';
import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

const consentText = 'Yes, email me campaign news. I can unsubscribe at any time.';

describe('double opt-in sign-up and confirmation', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let mailQueue: Queue;

  const mailJobs = async (template: string) =>
    (await mailQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter(
      (job) => (job.data as { template: string }).template === template,
    );
  const confirmTokenFor = async (supporterId: string): Promise<string> => {
    const jobs = await mailJobs('confirm-subscription');
    const job = jobs.find(
      (candidate) => (candidate.data as { supporterId: string }).supporterId === supporterId,
    )!;
    return new URL((job.data as { confirmUrl: string }).confirmUrl).searchParams.get('token')!;
  };
  const supporterByEmail = async (email: string) =>
    (
      (await db.query(
        `SELECT s.id, s.email, s.first_name, s.last_name, n.status FROM supporters s
           LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id WHERE s.email_normalised = $1`,
        [email.toLowerCase()],
      )) as { id: string; email: string; first_name: string; last_name: string; status: string }[]
    )[0];
  /** Signs the address up and returns its supporter and the token of the confirmation link sent. */
  const signedUp = async (email: string) => {
    await signUp({ email, consentText }).expect(202);
    const supporter = (await supporterByEmail(email))!;
    return { supporter, token: await confirmTokenFor(supporter.id) };
  };
  const ledger = async (supporterId: string) =>
    (await db.query(
      `SELECT kind, source, ip, user_agent, wording, wording_hash FROM consent_events
        WHERE supporter_id = $1 ORDER BY id`,
      [supporterId],
    )) as {
      kind: string;
      source: string;
      ip: string;
      user_agent: string;
      wording: string;
      wording_hash: string;
    }[];
  /** Presses the button of the confirmation page: a form post of the token. */
  const pressConfirm = (token: string) =>
    request(booted.url)
      .post('/subscribe/confirm')
      .set('User-Agent', 'confirm-button-test')
      .type('form')
      .send({ token });
  const signUp = (body: Record<string, unknown>) =>
    request(booted.url).post('/subscribe').set('User-Agent', 'signup-test').send(body);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(
      loadSubscribersConfig(env.env({ PUBLIC_URL: 'https://example.org/crm', SUBSCRIBE_IP_LIMIT: '1000' })),
      SubscribersModule.forRoot,
    );
    db = booted.app.get(DataSource);
    mailQueue = booted.app.get<Queue>(getQueueToken(transactionalMailQueue.name));
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('records a sign-up as pending with its evidence and asks the mailer for one confirmation email', async () => {
    const response = await signUp({
      email: '  Ada.Lovelace@EXAMPLE.org ',
      name: 'Ada King Lovelace',
      source: 'footer',
      consentText,
    });
    expect(response.status).toBe(202);

    const supporter = await supporterByEmail('ada.lovelace@example.org');
    expect(supporter).toMatchObject({
      email: 'Ada.Lovelace@example.org',
      first_name: 'Ada',
      last_name: 'King Lovelace',
      status: 'pending',
    });
    expect(await ledger(supporter!.id)).toEqual([
      {
        kind: 'requested',
        source: 'footer',
        ip: expect.stringContaining('127.0.0.1'),
        user_agent: 'signup-test',
        wording: consentText,
        wording_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    const [job, ...others] = await mailJobs('confirm-subscription');
    expect(others).toHaveLength(0);
    expect(job!.data).toMatchObject({
      supporterId: supporter!.id,
      confirmUrl: expect.stringMatching(/^https:\/\/example\.org\/crm\/subscribe\/confirm\?token=/),
    });
    const token = await confirmTokenFor(supporter!.id);
    const [stored, ...more] = (await db.query(
      `SELECT token_hash, expires_at - now() > interval '6 days 23 hours' AS seven_days
         FROM subscription_confirmations WHERE supporter_id = $1`,
      [supporter!.id],
    )) as { token_hash: string; seven_days: boolean }[];
    expect(more).toHaveLength(0);
    expect(stored!.token_hash).not.toContain(token);
    expect(stored!.seven_days).toBe(true);
  });

  it('sends no second confirmation email for repeated sign-ups within 10 minutes', async () => {
    await signUp({ email: 'repeat@example.org', consentText }).expect(202);
    await signUp({ email: 'REPEAT@example.org', consentText }).expect(202);
    await signUp({ email: 'repeat@example.org', consentText }).expect(202);
    const supporter = await supporterByEmail('repeat@example.org');
    const jobs = (await mailJobs('confirm-subscription')).filter(
      (job) => (job.data as { supporterId: string }).supporterId === supporter!.id,
    );
    expect(jobs).toHaveLength(1);
  });

  it('still confirms with the link of an earlier email once a later sign-up has sent another', async () => {
    const { supporter, token: firstToken } = await signedUp('twice@example.org');
    // As if the first email went out more than 10 minutes ago: the second sign-up sends a new link.
    await db.query(
      `UPDATE newsletter_subscriptions SET confirmation_sent_at = now() - interval '11 minutes' WHERE supporter_id = $1`,
      [supporter!.id],
    );
    await signUp({ email: 'twice@example.org', consentText }).expect(202);
    const links = (await mailJobs('confirm-subscription')).filter(
      (job) => (job.data as { supporterId: string }).supporterId === supporter!.id,
    );
    expect(links).toHaveLength(2);

    await pressConfirm(firstToken).expect(200);
    expect((await supporterByEmail('twice@example.org'))!.status).toBe('subscribed');
    expect((await ledger(supporter!.id)).map((row) => row.kind)).toEqual([
      'requested',
      'requested',
      'confirmed',
    ]);
  });

  it('opening the link (GET or HEAD, as mail scanners do) shows a button and confirms nothing', async () => {
    const { supporter, token } = await signedUp('scanned@example.org');

    const page = await request(booted.url)
      .get('/subscribe/confirm')
      .set('User-Agent', 'link-scanner')
      .query({ token })
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<form method="post" action="https://example.org/crm/subscribe/confirm">');
    expect(page.text).toContain(`<input type="hidden" name="token" value="${token}">`);
    expect(page.text).not.toContain('You are subscribed');
    await request(booted.url).head('/subscribe/confirm').query({ token }).expect(200);
    await request(booted.url).get('/subscribe/confirm').query({ token }).expect(200);

    expect((await supporterByEmail('scanned@example.org'))!.status).toBe('pending');
    expect((await ledger(supporter!.id)).map((row) => row.kind)).toEqual(['requested']);
    const welcomes = (await mailJobs('welcome')).filter(
      (job) => (job.data as { supporterId: string }).supporterId === supporter!.id,
    );
    expect(welcomes).toHaveLength(0);
  });

  it('confirms once on the button, records who pressed it, sends one welcome and treats a second press as done', async () => {
    const { supporter, token } = await signedUp('grace@example.org');
    await request(booted.url).get('/subscribe/confirm').set('User-Agent', 'link-scanner').query({ token });

    const first = await pressConfirm(token).expect(200);
    expect(first.headers['content-type']).toMatch(/text\/html/);
    expect(first.text).toContain('You are subscribed');
    expect((await supporterByEmail('grace@example.org'))!.status).toBe('subscribed');
    const again = await pressConfirm(token).expect(200);
    expect(again.text).toContain('already confirmed');
    const opened = await request(booted.url).get('/subscribe/confirm').query({ token }).expect(200);
    expect(opened.text).toContain('already confirmed');
    expect(opened.text).not.toContain('<form');

    const rows = await ledger(supporter!.id);
    expect(rows.map((row) => row.kind)).toEqual(['requested', 'confirmed']);
    expect(rows[1]).toMatchObject({ source: 'confirmation-link', user_agent: 'confirm-button-test' });
    const welcomes = (await mailJobs('welcome')).filter(
      (job) => (job.data as { supporterId: string }).supporterId === supporter!.id,
    );
    expect(welcomes).toHaveLength(1);
  });

  it('also confirms with the token in the query string or a JSON body', async () => {
    const viaQuery = await signedUp('query-token@example.org');
    await request(booted.url).post('/subscribe/confirm').query({ token: viaQuery.token }).expect(200);
    expect((await supporterByEmail('query-token@example.org'))!.status).toBe('subscribed');

    const viaJson = await signedUp('json-token@example.org');
    await request(booted.url).post('/subscribe/confirm').send({ token: viaJson.token }).expect(200);
    expect((await supporterByEmail('json-token@example.org'))!.status).toBe('subscribed');
  });

  it('answers a subscribed, a pending and an unknown address identically', async () => {
    const known = await signUp({ email: 'grace@example.org', consentText }).expect(202);
    const pending = await signUp({ email: 'repeat@example.org', consentText }).expect(202);
    const unknown = await signUp({ email: 'nobody-yet@example.org', consentText }).expect(202);
    expect(known.body).toEqual(unknown.body);
    expect(pending.body).toEqual(unknown.body);
    expect((await supporterByEmail('grace@example.org'))!.status).toBe('subscribed');
  });

  it('shows an error page and changes nothing for an unknown or expired token', async () => {
    await request(booted.url).get('/subscribe/confirm').query({ token: 'not-a-real-token' }).expect(400);
    await request(booted.url).get('/subscribe/confirm').expect(400);
    await pressConfirm('not-a-real-token').expect(400);
    await request(booted.url).post('/subscribe/confirm').expect(400);
    await request(booted.url).post('/subscribe/confirm').type('form').send('token=a&token=b').expect(400);

    const { supporter, token } = await signedUp('late@example.org');
    await db.query(
      `UPDATE subscription_confirmations SET expires_at = now() - interval '1 second' WHERE supporter_id = $1`,
      [supporter!.id],
    );
    const page = await request(booted.url).get('/subscribe/confirm').query({ token }).expect(400);
    expect(page.text).toContain('expired');
    expect((await pressConfirm(token).expect(400)).text).toContain('expired');
    expect((await supporterByEmail('late@example.org'))!.status).toBe('pending');
    expect((await ledger(supporter!.id)).map((row) => row.kind)).toEqual(['requested']);
  });

  it.each([
    [{ email: 'no-at-sign', consentText }, 'email'],
    [{ email: 'someone@localhost', consentText }, 'email'],
    [{ email: 'someone@[127.0.0.1]', consentText }, 'email'],
    [{ email: 'someone@example.invalid', consentText }, 'email'],
    [{ email: 'missing-consent@example.org' }, 'consentText'],
    [{ email: 'extra@example.org', consentText, admin: true }, 'admin'],
    [{ email: 'no-at-sign' }, 'email'],
    [{ email: 'no-at-sign' }, 'consentText'],
    [{ email: 'nul@example.org', name: 'Ada\u0000', consentText }, 'name'],
    [{ email: 'nul-consent@example.org', consentText: 'yes\u0000' }, 'consentText'],
    [{ email: 'crlf@example.org', name: 'Ada\r\nBcc: x@example.org', consentText }, 'name'],
    [{ email: 'tab@example.org', name: 'Ada\tLovelace', consentText }, 'name'],
  ])('refuses %j with a 400 naming %s and stores nothing', async (body, field) => {
    const response = await signUp(body).expect(400);
    expect(response.body.message).toContain(field);
    const [{ count }] = (await db.query(
      `SELECT count(*)::int AS count FROM supporters WHERE email_normalised = $1`,
      [String(body.email).toLowerCase()],
    )) as { count: number }[];
    expect(count).toBe(0);
  });
});

describe('sign-up rate limits', () => {
  let env: TestEnvironment;
  let booted: BootedApp;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(
      loadSubscribersConfig(env.env({ SUBSCRIBE_IP_LIMIT: '4', SUBSCRIBE_ADDRESS_LIMIT: '2' })),
      SubscribersModule.forRoot,
    );
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('answers 429 with Retry-After past the per-address limit, then past the per-IP limit', async () => {
    const send = (email: string) => request(booted.url).post('/subscribe').send({ email, consentText });
    await send('limited@example.org').expect(202);
    await send('Limited@example.org').expect(202);
    const perAddress = await send('limited@example.org').expect(429);
    expect(Number(perAddress.headers['retry-after'])).toBeGreaterThan(0);
    expect(perAddress.body).toMatchObject({ statusCode: 429 });

    await send('other@example.org').expect(202);
    const perIp = await send('third@example.org').expect(429);
    expect(Number(perIp.headers['retry-after'])).toBeGreaterThan(0);
  });
});
