import { NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { signPreferencesToken, signUnsubscribeToken } from '@crm/auth';
import { type BootedApp, bootApp, staffBearer, TEST_APP_SECRET, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('topics and the preference centre', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let editor: string;
  let appealsId: string;
  let actionsId: string;

  const subscriber = async (email: string, firstName = 'Ada'): Promise<string> => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name) VALUES ($1, $1, $2) RETURNING id`,
      [email, firstName],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())`,
      [id],
    );
    return id;
  };
  const topicsOf = async (id: string): Promise<string[]> =>
    (
      (await db.query(
        `SELECT t.name FROM topics t LEFT JOIN topic_subscriptions ts ON ts.topic_id = t.id AND ts.supporter_id = $1
          WHERE COALESCE(ts.subscribed, t.joined_by_default) ORDER BY t.name`,
        [id],
      )) as { name: string }[]
    ).map((row) => row.name);
  const topicLedger = async (id: string) =>
    (await db.query(
      `SELECT c.kind, t.name AS topic, c.wording, c.source FROM consent_events c JOIN topics t ON t.id = c.topic_id
        WHERE c.supporter_id = $1 ORDER BY c.id`,
      [id],
    )) as { kind: string; topic: string; wording: string; source: string }[];
  const page = (token: string) => request(booted.url).get('/preferences').query({ token });
  const post = (token: string, form: string) =>
    request(booted.url).post('/preferences').query({ token }).type('form').send(form);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    editor = await staffBearer(db, 'comms');
    const created = async (name: string, softOptIn: boolean) =>
      (
        await request(booted.url)
          .post('/topics')
          .set('Authorization', editor)
          .send({ name, description: `About ${name}`, softOptIn })
          .expect(201)
      ).body as { id: string; softOptIn: boolean };
    appealsId = (await created('Appeals', true)).id;
    actionsId = (await created('Campaign actions', true)).id;
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('lists the seeded Newsletter, which every existing subscription is on, and refuses a second "appeals"', async () => {
    const id = await subscriber('existing@example.org');
    expect(await topicsOf(id)).toEqual(['Newsletter']);
    const list = await request(booted.url).get('/topics').set('Authorization', editor).expect(200);
    expect(list.body.items[0]).toMatchObject({
      id: NEWSLETTER_TOPIC_ID,
      name: 'Newsletter',
      joinedByDefault: true,
    });
    expect(
      list.body.items.find((topic: { name: string }) => topic.name === 'Newsletter').subscribers,
    ).toBeGreaterThan(0);
    const taken = await request(booted.url)
      .post('/topics')
      .set('Authorization', editor)
      .send({ name: ' appeals ' });
    expect(taken.status).toBe(409);
    const blank = await request(booted.url).post('/topics').set('Authorization', editor).send({ name: '' });
    expect(blank.status).toBe(400);
    expect(blank.body.message).toMatch(/name/);
  });

  it('shows every topic with the supporter’s choices and their name, never cached', async () => {
    const id = await subscriber('shown@example.org', 'Grace');
    const shown = await page(signPreferencesToken(TEST_APP_SECRET, id)).expect(200);
    expect(shown.headers['cache-control']).toMatch(/no-store/);
    expect(shown.text).toContain('value="Grace"');
    expect(shown.text).toMatch(new RegExp(`value="${NEWSLETTER_TOPIC_ID}" checked`));
    expect(shown.text).toMatch(new RegExp(`value="${appealsId}">`));
    expect(shown.text).toContain('Unsubscribe from everything');
  });

  it('changes topics and name from the form, each topic change a ledger row with its wording', async () => {
    const id = await subscriber('chooser@example.org');
    const token = signPreferencesToken(TEST_APP_SECRET, id);
    const saved = await post(token, `action=save&firstName=Ada&lastName=Lovelace&topic=${appealsId}`).expect(
      200,
    );
    expect(saved.text).toContain('Your choices are saved');
    expect(await topicsOf(id)).toEqual(['Appeals']);
    const [{ first_name, last_name }] = await db.query(
      `SELECT first_name, last_name FROM supporters WHERE id = $1`,
      [id],
    );
    expect([first_name, last_name]).toEqual(['Ada', 'Lovelace']);
    expect(await topicLedger(id)).toEqual([
      {
        kind: 'topic_joined',
        topic: 'Appeals',
        wording: 'Yes, email me about: Appeals',
        source: 'preference-centre',
      },
      {
        kind: 'topic_left',
        topic: 'Newsletter',
        wording: 'Stop emailing me about: Newsletter',
        source: 'preference-centre',
      },
    ]);
    // The same choices again change nothing and add no ledger row.
    await post(token, `action=save&firstName=Ada&lastName=Lovelace&topic=${appealsId}`).expect(200);
    expect(await topicLedger(id)).toHaveLength(2);
  });

  it('keeps a too-long name out and says so beside the field', async () => {
    const id = await subscriber('long@example.org');
    const answer = await post(
      signPreferencesToken(TEST_APP_SECRET, id),
      `action=save&firstName=${'a'.repeat(101)}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('id="firstName-error"');
    expect(await topicLedger(id)).toEqual([]);
  });

  it('unsubscribes from everything: every topic left and the subscription withdrawn', async () => {
    const id = await subscriber('leaver@example.org');
    const token = signPreferencesToken(TEST_APP_SECRET, id);
    await post(token, `action=save&topic=${NEWSLETTER_TOPIC_ID}&topic=${actionsId}`).expect(200);
    const answer = await post(token, 'action=unsubscribe-all').expect(200);
    expect(answer.text).toContain('You are unsubscribed from everything');
    expect(await topicsOf(id)).toEqual([]);
    const [{ status }] = await db.query(
      `SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`,
      [id],
    );
    expect(status).toBe('unsubscribed');
  });

  it('one-click unsubscribe still answers 200 and leaves every marketing topic', async () => {
    const id = await subscriber('oneclick@example.org');
    await post(
      signPreferencesToken(TEST_APP_SECRET, id),
      `action=save&topic=${NEWSLETTER_TOPIC_ID}&topic=${appealsId}`,
    );
    await request(booted.url)
      .post('/unsubscribe')
      .query({ token: signUnsubscribeToken(TEST_APP_SECRET, id) })
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(await topicsOf(id)).toEqual([]);
    expect(
      (await topicLedger(id)).filter((row) => row.source === 'one-click-unsubscribe').map((row) => row.topic),
    ).toEqual(['Appeals', 'Newsletter']);
  });

  it('answers a bad, forged or expired link with a 4xx page and changes nothing', async () => {
    const id = await subscriber('expired@example.org');
    const old = signPreferencesToken(TEST_APP_SECRET, id, new Date(Date.now() - 181 * 86_400_000));
    const expired = await page(old);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('This link has expired');
    expect((await post(old, 'action=unsubscribe-all')).status).toBe(410);
    const forged = signPreferencesToken('another-secret-another-secret-another', id);
    expect((await page(forged)).status).toBe(400);
    expect((await page(signUnsubscribeToken(TEST_APP_SECRET, id))).status).toBe(400);
    expect((await request(booted.url).get('/preferences')).status).toBe(400);
    expect(await topicsOf(id)).toEqual(['Newsletter']);
  });
});
