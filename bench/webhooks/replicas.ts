import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { AppProcess, deleteQueueKeys, freePort } from '@crm/testing';
import { DataSource } from 'typeorm';
import type { Delivery } from './fire';
import { startLoadGenerator } from './load-generator';

const METRICS_TOKEN = randomBytes(24).toString('hex');

export interface ReplicaFigures {
  replicas: number;
  acked: number;
  processed: number;
  /** Deliveries each replica answered, from its request counter. */
  perReplica: number[];
}

/**
 * The same burst at N donations processes (production builds, as `npm start` runs them) on one
 * database and one queue prefix, the load generator sharing its connections between them as a
 * round-robin balancer would; each count on a freshly migrated database. Timed until every event
 * is processed (donation recorded, donor and receipt messages queued) and checked processed once.
 */
export async function measureReplicas(options: {
  replicas: number;
  databaseUrl: string;
  secret: string;
  deliveries: Delivery[];
  concurrency: number;
}): Promise<ReplicaFigures> {
  const { replicas, databaseUrl, secret, deliveries, concurrency } = options;
  const queuePrefix = `bench-webhook-replicas-${process.pid}-${replicas}`;
  await dropDatabase(databaseUrl);
  await migrateUp(databaseUrl);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: queuePrefix,
    APP_SECRET: randomBytes(32).toString('hex'),
    STRIPE_WEBHOOK_SECRET: secret,
    METRICS_TOKEN: METRICS_TOKEN,
  };
  const distDir = join(__dirname, '..', '..');
  const apps = await Promise.all(
    Array.from(
      { length: replicas },
      async () => new AppProcess({ app: 'donations', distDir, port: await freePort(), env }),
    ),
  );
  const db = await new DataSource(dataSourceOptions({ url: databaseUrl, poolSize: 2 })).initialize();
  try {
    await Promise.all(apps.map((app) => app.start({ timeoutMs: 60_000 })));
    const load = await startLoadGenerator({
      url: apps.map((app) => `${app.url}/webhooks/stripe`),
      deliveries,
      concurrency,
    });
    const started = performance.now();
    await load.fire();
    const acked = (performance.now() - started) / 1000;
    await processedCount(db, deliveries.length);
    const processed = (performance.now() - started) / 1000;
    const [check] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE processed_at IS NOT NULL',
    );
    if (check!.n !== deliveries.length)
      throw new Error(`Expected ${deliveries.length} processed events, found ${check!.n}`);
    return { replicas, acked, processed, perReplica: await Promise.all(apps.map(webhookAnswers)) };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    await db.destroy();
    await deleteQueueKeys(queuePrefix);
  }
}

async function processedCount(db: DataSource, events: number): Promise<void> {
  for (;;) {
    const [row] = await db.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM donations WHERE status = 'succeeded' AND notified_at IS NOT NULL",
    );
    if (row!.n >= events) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The webhook requests this replica answered, from its latency histogram's count. */
async function webhookAnswers(app: AppProcess): Promise<number> {
  const response = await fetch(`${app.url}/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  return (await response.text())
    .split('\n')
    .filter(
      (line) => line.startsWith('http_request_duration_seconds_count') && line.includes('/webhooks/stripe'),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}
