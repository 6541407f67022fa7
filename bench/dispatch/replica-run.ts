import { loadavg } from 'node:os';
import { join } from 'node:path';
import { StaffTokens } from '@crm/auth';
import { dataSourceOptions } from '@crm/database';
import { queueKeyPrefix } from '@crm/queues';
import { freePort } from '@crm/testing';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { MailerProcess } from './mailer-process';
import type { SendGridSink } from './sendgrid-sink';

/** One campaign sent by `replicas` mailer processes sharing a database and a queue. */
export interface ReplicaRun {
  replicas: number;
  seconds: number;
  /** Peak resident set size of each mailer process, MiB. */
  peakRssMb: number[];
  /** Resident set size of each mailer process, started and idle, just before the send. */
  idleRssMb: number[];
  /** CPU the mailer processes used during the send, summed (user + system). */
  cpuSeconds: number;
  /** Batches each mailer process sent (by the lease owner recorded on the batch). */
  batchesBy: number[];
  /** From the send request to the first batch going out: freezing recipients and planning batches. */
  materialise: number;
  /** From the first batch going out to the last batch recorded as sent. */
  send: number;
  /** One-minute load average when the send ended. */
  load: number;
}

export interface ReplicaSetting {
  url: string;
  redisUrl: string;
  sink: SendGridSink;
  recipients: number;
  concurrency: number;
  replicas: number;
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  const stream = redis.scanStream({ match: `${queueKeyPrefix(prefix)}:*`, count: 1000 });
  for await (const keys of stream as AsyncIterable<string[]>)
    if (keys.length > 0) await redis.unlink(...keys);
  redis.disconnect();
}

async function api<T>(url: string, bearer: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { Authorization: bearer, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Starts `replicas` mailer processes on one database and one queue prefix, sends one campaign to
 * every bench supporter through the first, waits for it to finish and checks that every recipient
 * reached the SendGrid stand-in exactly once (and the campaign says `sent` for all of them).
 */
export async function runReplicas(setting: ReplicaSetting): Promise<ReplicaRun> {
  const { url, sink, recipients } = setting;
  const queuePrefix = `bench-dispatch-${Date.now()}`;
  const ports = await Promise.all(Array.from({ length: setting.replicas }, () => freePort()));
  const mailers = ports.map(
    (port) =>
      new MailerProcess(join(__dirname, '..', '..'), {
        // As deployed: development mode adds a pretty-printing log transport in a worker thread
        // (its own V8 heap and modules), which no production mailer carries.
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        DATABASE_URL: url,
        REDIS_URL: setting.redisUrl,
        QUEUE_PREFIX: queuePrefix,
        MAILER_PORT: String(port),
        APP_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
        SENDGRID_API_KEY: 'SG.bench',
        SENDGRID_API_URL: sink.url,
        MAIL_DISPATCH_CONCURRENCY: String(setting.concurrency),
      }),
  );
  const base = `http://127.0.0.1:${ports[0]}`;
  const db = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
  try {
    const { token } = await new StaffTokens(db).create(`bench-${queuePrefix}`, 'comms');
    const [segment] = (await db.query(
      `INSERT INTO segments (name, rules) VALUES ($1, '{"field":"tags","op":"contains","value":"bench"}') RETURNING id`,
      [`bench ${queuePrefix}`],
    )) as { id: string }[];
    await Promise.all(mailers.map((mailer, n) => mailer.start(`http://127.0.0.1:${ports[n]}`)));
    const bearer = `Bearer ${token}`;
    const campaign = await api<{ id: string }>(`${base}/campaigns`, bearer, 'POST', {
      name: 'Bench newsletter',
      subject: 'News for {{firstName|friend}}',
      markdown: '# Hello {{firstName|friend}}\n\n' + 'Our campaign did well this month. '.repeat(30),
      segmentId: segment!.id,
    });
    const cpu = (): number => mailers.reduce((sum, mailer) => sum + mailer.cpuSeconds(), 0);
    const cpuAtSend = cpu();
    const idleRssMb = mailers.map((mailer) => mailer.rssMb());
    const started = process.hrtime.bigint();
    await api(`${base}/campaigns/${campaign.id}/send`, bearer, 'POST');
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      // Poll the status column itself: the API's live counts scan a million rows each time.
      const [{ status }] = (await db.query(`SELECT status FROM campaigns WHERE id = $1`, [campaign.id])) as {
        status: string;
      }[];
      if (status === 'sending') continue;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const load = loadavg()[0]!;
      const cpuSeconds = cpu() - cpuAtSend;
      const state = await api<{ status: string; counts: { sent: number; total: number } }>(
        `${base}/campaigns/${campaign.id}`,
        bearer,
        'GET',
      );
      if (
        state.status !== 'sent' ||
        state.counts.sent !== recipients ||
        sink.recipients !== recipients ||
        sink.duplicates !== 0
      ) {
        throw new Error(
          `campaign ended ${state.status}: ${state.counts.sent} sent, ${sink.recipients} received, ${sink.duplicates} twice`,
        );
      }
      const [phases] = (await db.query(
        `SELECT extract(epoch FROM min(b.started_at) - c.started_at)::float AS materialise,
                extract(epoch FROM max(b.finished_at) - min(b.started_at))::float AS send
           FROM campaigns c JOIN campaign_batches b ON b.campaign_id = c.id WHERE c.id = $1 GROUP BY c.started_at`,
        [campaign.id],
      )) as { materialise: number; send: number }[];
      // A lease owner is `<pid>-<random>/<claim>`.
      const owners = (await db.query(
        `SELECT split_part(split_part(lease_owner, '/', 1), '-', 1)::int AS pid, count(*)::int AS n
           FROM campaign_batches WHERE campaign_id = $1 GROUP BY 1`,
        [campaign.id],
      )) as { pid: number; n: number }[];
      return {
        replicas: setting.replicas,
        seconds,
        peakRssMb: mailers.map((mailer) => mailer.peakRssMb()),
        idleRssMb,
        cpuSeconds,
        batchesBy: mailers.map((mailer) => owners.find((row) => row.pid === mailer.pid)?.n ?? 0),
        load,
        ...phases!,
      };
    }
  } finally {
    await Promise.all(mailers.map((mailer) => mailer.stop()));
    await db.destroy();
    await deleteQueueKeys(setting.redisUrl, queuePrefix);
  }
}
