import { signUnsubscribeToken, unsubscribeUrl } from '@crm/auth';
import { type BootedApp, bootApp, TEST_APP_SECRET, TestEnvironment, waitFor } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

interface OutboxMessage {
  to_address: string;
  template: string;
  subject: string;
  text: string;
}

const EMAIL = 'opt.in@example.org';
const PUBLIC_URL = 'https://join.example.org';
const consentText = 'Yes, email me news about the campaign. I can unsubscribe at any time.';

/** Double opt-in end to end: the subscribers app asks, the mailer's dev outbox receives. */
describe('newsletter opt-in through the mailer', () => {
  let env: TestEnvironment;
  let subscribers: BootedApp;
  let mailer: BootedApp;
  let db: DataSource;

  const outbox = async (template: string): Promise<OutboxMessage[]> =>
    (await db.query(
      `SELECT to_address, template, subject, text FROM outbox_messages WHERE to_address = $1 AND template = $2`,
      [EMAIL, template],
    )) as OutboxMessage[];
  const status = async (): Promise<string | undefined> =>
    (
      (await db.query(
        `SELECT n.status FROM newsletter_subscriptions n JOIN supporters s ON s.id = n.supporter_id
          WHERE s.email_normalised = $1`,
        [EMAIL],
      )) as { status: string }[]
    )[0]?.status;
  const signUp = () =>
    request(subscribers.url).post('/subscribe').send({ email: EMAIL, name: 'Opal Inman', consentText });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    const vars = env.env({ PUBLIC_URL });
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    mailer = await bootApp(loadMailerConfig(vars), MailerModule.forRoot);
    db = subscribers.app.get(DataSource);
  });
  afterAll(async () => {
    await mailer.close();
    await subscribers.close();
    await env.destroy();
  });

  it('subscribe → one confirmation email (repeats inside 10 minutes send none) → confirm → subscribed → welcome', async () => {
    const first = await signUp().expect(202);
    const [confirmation] = await waitFor(
      async () => {
        const messages = await outbox('confirm-subscription');
        return messages.length > 0 ? messages : null;
      },
      { what: 'the confirmation email in the outbox' },
    );
    expect(await status()).toBe('pending');

    const again = await signUp().expect(202);
    await signUp().expect(202);
    expect(again.body).toEqual(first.body);

    const link = /https:\/\/join\.example\.org(\/subscribe\/confirm\?token=[A-Za-z0-9_-]+)/.exec(
      confirmation!.text,
    )?.[1];
    expect(link).toBeDefined();
    // Opening the link (as a person, or a mail scanner on delivery) shows a button and changes nothing.
    const page = await request(subscribers.url).get(link!).expect(200);
    expect(page.text).toContain('<form method="post" action="https://join.example.org/subscribe/confirm">');
    expect(await status()).toBe('pending');
    const token = new URL(link!, PUBLIC_URL).searchParams.get('token')!;
    const pressButton = () =>
      request(subscribers.url).post('/subscribe/confirm').type('form').send({ token }).expect(200);
    expect((await pressButton()).text).toContain('You are subscribed');
    expect(await status()).toBe('subscribed');

    const [welcome] = await waitFor(
      async () => {
        const messages = await outbox('welcome');
        return messages.length > 0 ? messages : null;
      },
      { what: 'the welcome email in the outbox' },
    );
    expect(welcome!.to_address).toBe(EMAIL);
    await pressButton();
    await waitFor(async () => {
      const [{ pending }] = (await db.query(
        `SELECT count(*)::int AS pending FROM transactional_messages WHERE status = 'sending'`,
      )) as { pending: number }[];
      return pending === 0;
    });
    expect(await outbox('confirm-subscription')).toHaveLength(1);
    expect(await outbox('welcome')).toHaveLength(1);
  });

  it('unsubscribes on the one-click POST a mail provider sends to the signed link', async () => {
    const [{ id }] = (await db.query(`SELECT id FROM supporters WHERE email_normalised = $1`, [EMAIL])) as {
      id: string;
    }[];
    const url = new URL(unsubscribeUrl(PUBLIC_URL, signUnsubscribeToken(TEST_APP_SECRET, id!)));
    await request(subscribers.url).get(`${url.pathname}${url.search}`).expect(200);
    expect(await status()).toBe('subscribed');
    const response = await request(subscribers.url)
      .post(`${url.pathname}${url.search}`)
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .redirects(0)
      .expect(200);
    expect(response.headers.location).toBeUndefined();
    expect(await status()).toBe('unsubscribed');
  });
});
