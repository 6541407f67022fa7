import { dataSourceOptions } from '@crm/database';
import { type AppName, AppProcess, freePort, TestEnvironment, waitFor } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildOnce, compiled } from '../support/compiled';
import { FakeProviders } from '../security/support/provider-env';
import { RoundRobinProxy } from './support/round-robin-proxy';
import { WebhookBurst } from './support/topology-system';

const GIFTS = 120;
const SIGNUPS = 40;
const IP_LIMIT = 6;

/** Each item twice, in a shuffled order. */
const shuffledTwice = <T>(items: T[]): T[] => {
  const doubled = [...items, ...items];
  for (let i = doubled.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [doubled[i], doubled[j]] = [doubled[j]!, doubled[i]!];
  }
  return doubled;
};

/**
 * Two donations and two subscribers processes on one database and one Redis, each pair behind a
 * round-robin proxy (no mailer: the mail they ask for waits in its queue): a shuffled, duplicated burst of Stripe events and sign-ups ends
 * in the state one process gives (one donation per checkout, one supporter and one pending
 * subscription per address), and the per-IP sign-up limit holds across both replicas.
 */
describe('two replicas of donations and subscribers behind a round robin', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let processes: AppProcess[];
  let donations: RoundRobinProxy;
  let subscribers: RoundRobinProxy;
  let db: DataSource;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    const ports = {
      donations: [await freePort(), await freePort()],
      subscribers: [await freePort(), await freePort()],
    };
    donations = await RoundRobinProxy.start(ports.donations.map((port) => `http://127.0.0.1:${port}`));
    subscribers = await RoundRobinProxy.start(ports.subscribers.map((port) => `http://127.0.0.1:${port}`));
    const appEnv = env.env({
      ...providers.env(),
      PUBLIC_URL: subscribers.url,
      // The proxy is on loopback; the client address is the one it forwards.
      TRUST_PROXY: 'loopback',
      SUBSCRIBE_IP_LIMIT: String(IP_LIMIT),
      SUBSCRIBE_IP_WINDOW_SECONDS: '600',
    });
    const start = (app: AppName, port: number) =>
      new AppProcess({ app, distDir: compiled(), port, env: appEnv });
    processes = [
      ...ports.donations.map((port) => start('donations', port)),
      ...ports.subscribers.map((port) => start('subscribers', port)),
    ];
    await Promise.all(processes.map((process) => process.start({ timeoutMs: 60_000 })));
    db = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 2 })).initialize();
  });
  afterAll(async () => {
    await Promise.all((processes ?? []).map((process) => process.stop()));
    await donations?.stop();
    await subscribers?.stop();
    await db?.destroy();
    await providers?.stop();
    await env?.destroy();
  });

  const count = async (sql: string, parameters: unknown[]): Promise<number> => {
    const [row] = (await db.query(sql, parameters)) as { count: string }[];
    return Number(row?.count ?? 0);
  };

  const signUp = (email: string, ip: string) =>
    fetch(`${subscribers.url}/subscribe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': ip },
      body: JSON.stringify({ email, consentText: 'Yes, email me news.' }),
    });

  it('ends a shuffled, duplicated burst of webhooks and sign-ups in the state one process gives', async () => {
    const tag = randomUUID().slice(0, 8);
    const burst = new WebhookBurst(GIFTS, tag);
    const emails = Array.from({ length: SIGNUPS }, (_, n) => `signup${n}-${tag}@example.org`);
    const signUps = shuffledTwice(emails.map((email, n) => ({ email, ip: `203.0.113.${n + 1}` })));
    const [outcome, answers] = await Promise.all([
      burst.deliver(donations.url, 8, shuffledTwice(burst.events.map((event) => event.payload))),
      Promise.all(signUps.map(async ({ email, ip }) => (await signUp(email, ip)).status)),
    ]);
    expect(outcome.refused).toEqual([]);
    expect(answers.filter((status) => status !== 202)).toEqual([]);
    // Both replicas took a share of each burst.
    expect(Math.min(...donations.served, ...subscribers.served)).toBeGreaterThan(SIGNUPS / 2);

    await waitFor(async () => (await burst.tally({ count })).distinct === GIFTS, {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'a donation for every checkout',
    });
    expect(await burst.tally({ count })).toEqual({ recorded: GIFTS, donations: GIFTS, distinct: GIFTS });
    const amounts = (await db.query(
      `SELECT stripe_checkout_session_id AS session, amount FROM donations WHERE stripe_checkout_session_id = ANY($1)`,
      [burst.events.map((event) => event.sessionId)],
    )) as { session: string; amount: number }[];
    const expectedAmount = new Map(burst.events.map((event, n) => [event.sessionId, 1000 + n]));
    expect(amounts.filter((row) => Number(row.amount) !== expectedAmount.get(row.session))).toEqual([]);

    const subscriptions = (await db.query(
      `SELECT s.email_normalised AS email, count(*)::int AS supporters,
              array_agg(DISTINCT n.status) AS statuses, count(n.*)::int AS subscriptions
       FROM supporters s LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id
       WHERE s.email_normalised = ANY($1) GROUP BY s.email_normalised`,
      [emails],
    )) as { email: string; supporters: number; statuses: string[]; subscriptions: number }[];
    expect(subscriptions).toHaveLength(SIGNUPS);
    expect(subscriptions.filter((row) => row.supporters !== 1 || row.subscriptions !== 1)).toEqual([]);
    expect(new Set(subscriptions.flatMap((row) => row.statuses))).toEqual(new Set(['pending']));
  });

  it('refuses the sign-up after the limit from one address, whichever replica it reaches', async () => {
    const tag = randomUUID().slice(0, 8);
    const ip = '198.51.100.7';
    const before = [...subscribers.served];
    const statuses: number[] = [];
    for (let n = 0; n <= IP_LIMIT; n += 1)
      statuses.push((await signUp(`limit${n}-${tag}@example.org`, ip)).status);
    expect(statuses).toEqual([...Array<number>(IP_LIMIT).fill(202), 429]);
    // Alternating: each replica answered about half, so neither could have counted alone.
    expect(subscribers.served.map((served, n) => served - before[n]!).sort()).toEqual([3, 4]);
    expect(
      await count('SELECT count(*) FROM supporters WHERE email_normalised LIKE $1', [
        `limit%-${tag}@example.org`,
      ]),
    ).toBe(IP_LIMIT);
  });
});
