import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { dropDatabase, migrateUp } from '@crm/database';
import { bootApp, checkoutSessionObject, deleteQueueKeys, signedDelivery, stripeEvent } from '@crm/testing';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../apps/donations/src/config/donations.config';
import { DonationsModule } from '../apps/donations/src/donations.module';
import { startBareInbox } from './webhooks/bare-inbox';
import { startBareNestInbox } from './webhooks/bare-nest-inbox';
import type { Delivery } from './webhooks/fire';
import { startLoadGenerator } from './webhooks/load-generator';

/**
 * `npm run bench:webhooks`: signed `checkout.session.completed` events fired at the real donations
 * app (booted in this process against a freshly migrated database of its own) until every one is
 * processed into a donation with its downstream messages queued; then, in the same run, the same
 * number of events at a bare Node `http` server doing only the signature check and the insert.
 * The events are signed beforehand and fired from a child process for both sides.
 */
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 32);
const SECRET = 'whsec_bench_webhooks_0123456789';

function benchUrl(): string {
  if (process.env.BENCH_WEBHOOKS_DATABASE_URL) return process.env.BENCH_WEBHOOKS_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = '/crm_bench_webhooks';
  return url.toString();
}

/** Signed deliveries made before the clock starts, so neither side pays for building them. */
function deliveries(): Delivery[] {
  return Array.from({ length: EVENTS }, (_, n) =>
    signedDelivery(
      stripeEvent(
        'checkout.session.completed',
        checkoutSessionObject({
          amountTotal: 500 + (n % 50) * 100,
          email: `donor${n}@example.org`,
          name: `Donor ${n}`,
        }),
      ),
      SECRET,
    ),
  );
}

async function waitUntilProcessed(dataSource: DataSource): Promise<void> {
  for (;;) {
    const [row] = await dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM donations WHERE status = 'succeeded' AND notified_at IS NOT NULL",
    );
    if (row!.n >= EVENTS) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measureApp(url: string, queuePrefix: string): Promise<{ acked: number; processed: number }> {
  const config = loadDonationsConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    QUEUE_PREFIX: queuePrefix,
    APP_SECRET: randomBytes(32).toString('hex'),
    STRIPE_WEBHOOK_SECRET: SECRET,
  });
  const app = await bootApp(config, DonationsModule.forRoot);
  try {
    const dataSource = app.app.get(DataSource);
    const load = await startLoadGenerator({
      url: `${app.url}/webhooks/stripe`,
      deliveries: deliveries(),
      concurrency: CONCURRENCY,
    });
    const started = performance.now();
    await load.fire();
    const acked = performance.now();
    await waitUntilProcessed(dataSource);
    const processed = performance.now();
    const [check] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE processed_at IS NOT NULL',
    );
    if (check!.n !== EVENTS) throw new Error(`Expected ${EVENTS} processed events, found ${check!.n}`);
    return { acked: (acked - started) / 1000, processed: (processed - started) / 1000 };
  } finally {
    await app.close();
  }
}

/** Seconds from the first delivery fired at `url` until every one is answered and `done` resolves. */
async function timeDeliveries(url: string, done?: Promise<void>): Promise<number> {
  const load = await startLoadGenerator({ url, deliveries: deliveries(), concurrency: CONCURRENCY });
  const started = performance.now();
  // Awaited together, so a failure of `done` while the load is still firing is handled at once.
  await Promise.all([load.fire(), done]);
  return (performance.now() - started) / 1000;
}

async function measureBare(url: string): Promise<number> {
  const bare = await startBareInbox(url, SECRET, 10);
  try {
    return await timeDeliveries(bare.url);
  } finally {
    await bare.close();
  }
}

/** The prescribed stack's skeleton (see bare-nest-inbox), timed like the real endpoint: until processed. */
async function measureBareNest(url: string, queuePrefix: string): Promise<number> {
  const inbox = await startBareNestInbox({
    databaseUrl: url,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix,
    secret: SECRET,
    events: EVENTS,
  });
  try {
    return await timeDeliveries(inbox.url, inbox.processed);
  } finally {
    await inbox.close();
  }
}

async function main(): Promise<void> {
  const url = benchUrl();
  const queuePrefix = `bench-webhooks-${process.pid}`;
  await dropDatabase(url);
  await migrateUp(url);
  try {
    const app = await measureApp(url, queuePrefix);
    const bare = await measureBare(url);
    const skeleton = await measureBareNest(url, `${queuePrefix}-skeleton`);
    const rate = (seconds: number) => Math.round(EVENTS / seconds);
    const lines = [
      `events                              ${EVENTS.toLocaleString('en-GB')} signed checkout.session.completed, ${CONCURRENCY} connections`,
      `real endpoint, acknowledged (200)   ${app.acked.toFixed(2)} s  ${rate(app.acked).toLocaleString('en-GB')} events/s`,
      `real endpoint, processed            ${app.processed.toFixed(2)} s  ${rate(app.processed).toLocaleString('en-GB')} events/s  (donation recorded, donor + receipt queued)`,
      `bare http + verify + insert         ${bare.toFixed(2)} s  ${rate(bare).toLocaleString('en-GB')} events/s`,
      `ratio acknowledged / bare           ${(bare / app.acked).toFixed(2)}`,
      `ratio processed / bare              ${(bare / app.processed).toFixed(2)}`,
      `skeleton: bare NestJS + BullMQ      ${skeleton.toFixed(2)} s  ${rate(skeleton).toLocaleString('en-GB')} events/s  (route, verify, insert, job; its job queues donor + receipt; no donation written)`,
      `ratio skeleton / bare               ${(bare / skeleton).toFixed(2)}  (the stack's skeleton: each event stored and queued, nothing else)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await deleteQueueKeys(queuePrefix);
    await deleteQueueKeys(`${queuePrefix}-skeleton`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
