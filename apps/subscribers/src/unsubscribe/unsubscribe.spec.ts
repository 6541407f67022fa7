import { signUnsubscribeToken, TEST_SEND_UNSUBSCRIBE_TOKEN } from '@crm/auth';
import { type BootedApp, bootApp, TEST_APP_SECRET, TestEnvironment } from '@crm/testing';
import request, { type Test } from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('one-click unsubscribe', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;

  const subscribedSupporter = async (email: string): Promise<string> => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised) VALUES ($1, $1) RETURNING id`,
      [email],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())`,
      [id],
    );
    return id;
  };
  const statusOf = async (supporterId: string) =>
    (
      (await db.query(`SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`, [
        supporterId,
      ])) as {
        status: string;
      }[]
    )[0]!.status;
  const ledgerKinds = async (supporterId: string) =>
    (
      (await db.query(`SELECT kind FROM consent_events WHERE supporter_id = $1 ORDER BY id`, [
        supporterId,
      ])) as {
        kind: string;
      }[]
    ).map((row) => row.kind);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('shows a page with a button on GET and unsubscribes nobody', async () => {
    const id = await subscribedSupporter('scanner@example.org');
    const token = signUnsubscribeToken(TEST_APP_SECRET, id);
    for (let fetches = 0; fetches < 3; fetches++) {
      const page = await request(booted.url).get('/unsubscribe').query({ token }).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toMatch(/<form method="post" action="\?token=/);
    }
    expect(await statusOf(id)).toBe('subscribed');
    expect(await ledgerKinds(id)).toEqual([]);
  });

  it('unsubscribes on a form-encoded one-click POST exactly as a mail provider sends it, answering 200', async () => {
    const id = await subscribedSupporter('oneclick@example.org');
    const token = signUnsubscribeToken(TEST_APP_SECRET, id);
    const response = await request(booted.url)
      .post(`/unsubscribe?token=${encodeURIComponent(token)}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .redirects(0)
      .expect(200);
    expect(response.headers.location).toBeUndefined();
    expect(await statusOf(id)).toBe('unsubscribed');
    // The Newsletter topic left, then the subscription withdrawn.
    expect(await ledgerKinds(id)).toEqual(['topic_left', 'unsubscribed']);

    await request(booted.url)
      .post(`/unsubscribe?token=${encodeURIComponent(token)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(await ledgerKinds(id)).toEqual(['topic_left', 'unsubscribed']);
  });

  it("answers a test send's unsubscribe link with a page saying it unsubscribes nobody", async () => {
    const link = `/unsubscribe?token=${TEST_SEND_UNSUBSCRIBE_TOKEN}`;
    const page = await request(booted.url).get(link).expect(200);
    expect(page.text).toContain('This is a test email');
    const oneClick = await request(booted.url)
      .post(link)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(oneClick.text).toContain('unsubscribes nobody');
  });

  it.each([
    [
      'multipart/form-data',
      'multipart@example.org',
      (post: Test) => post.field('List-Unsubscribe', 'One-Click'),
    ],
    [
      "text/plain, as a script's bare fetch sends it",
      'plain@example.org',
      (post: Test) => post.set('Content-Type', 'text/plain').send('List-Unsubscribe=One-Click'),
    ],
    ['JSON', 'json@example.org', (post: Test) => post.send({ 'List-Unsubscribe': 'One-Click' })],
  ])('unsubscribes on a one-click POST sent as %s', async (_kind, email, sendBody) => {
    const id = await subscribedSupporter(email);
    const token = signUnsubscribeToken(TEST_APP_SECRET, id);
    await sendBody(request(booted.url).post('/unsubscribe').query({ token })).redirects(0).expect(200);
    expect(await statusOf(id)).toBe('unsubscribed');
  });

  it('refuses forged, altered and truncated tokens with 400 and changes nothing', async () => {
    const id = await subscribedSupporter('target@example.org');
    const token = signUnsubscribeToken(TEST_APP_SECRET, id);
    const flipped = token.at(-3) === 'a' ? 'b' : 'a';
    const bad = [
      signUnsubscribeToken('some-other-secret-of-at-least-32-chars!!', id),
      `${token.slice(0, -3)}${flipped}${token.slice(-2)}`,
      token.slice(0, -5),
      id,
    ];
    for (const forged of bad) {
      await request(booted.url).get('/unsubscribe').query({ token: forged }).expect(400);
      const page = await request(booted.url)
        .post('/unsubscribe')
        .query({ token: forged })
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(400);
      expect(page.text).toContain('not valid');
    }
    await request(booted.url)
      .post('/unsubscribe')
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(400);
    expect(await statusOf(id)).toBe('subscribed');
    expect(await ledgerKinds(id)).toEqual([]);
  });

  it('refuses a multipart body carrying a file with a 4xx, not an error', async () => {
    const id = await subscribedSupporter('upload@example.org');
    const response = await request(booted.url)
      .post('/unsubscribe')
      .query({ token: signUnsubscribeToken(TEST_APP_SECRET, id) })
      .attach('List-Unsubscribe', Buffer.from('One-Click'), 'one-click.txt');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await statusOf(id)).toBe('subscribed');
  });

  it('needs a fresh opt-in to come back: the old confirmation link no longer subscribes', async () => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised) VALUES ('back@example.org', 'back@example.org') RETURNING id`,
    )) as { id: string }[];
    await db.query(`INSERT INTO newsletter_subscriptions (supporter_id, status) VALUES ($1, 'pending')`, [
      id,
    ]);
    await db.query(
      `INSERT INTO subscription_confirmations (token_hash, supporter_id, expires_at)
       VALUES (encode(sha256('old-token'::bytea), 'hex'), $1, now() + interval '7 days')`,
      [id],
    );
    await request(booted.url)
      .post('/unsubscribe')
      .query({ token: signUnsubscribeToken(TEST_APP_SECRET, id) })
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    await request(booted.url)
      .post('/subscribe/confirm')
      .type('form')
      .send({ token: 'old-token' })
      .expect(400);
    expect(await statusOf(id)).toBe('unsubscribed');
  });
});
