import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { dropDatabase, migrateUp } from '@crm/database';
import { bootApp, deleteQueueKeys, signedDelivery } from '@crm/testing';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../apps/donations/src/config/donations.config';
import { DonationsModule } from '../apps/donations/src/donations.module';
import { startBareInbox } from './webhooks/bare-inbox';
import { startBareNestInbox } from './webhooks/bare-nest-inbox';
import { profileReport, startCpuProfile, summariseProfile, writeProfile } from './webhooks/cpu-profile';
import type { Delivery } from './webhooks/fire';
import { paidCheckoutEvent } from './webhooks/paid-checkout-event';
import { quantile, type RateResult } from './webhooks/fire-at-rate';
import { startPostgresCpu } from './webhooks/postgres-cpu';
import { countRoundTrips, roundTripReport } from './webhooks/round-trips';
import { startLoadGenerator } from './webhooks/load-generator';
import { measureReplicas } from './webhooks/replicas';

/**
 * `npm run bench:webhooks`: signed `checkout.session.completed` events fired at the real donations
 * app (booted in this process against a freshly migrated database of its own) until every one is
 * processed into a donation with its downstream messages queued; then, in the same run, the same
 * number of events at a bare Node `http` server doing only the signature check and the insert.
 * The events are signed beforehand and fired from a child process for both sides. Then, on the
 * real app and on the NestJS + BullMQ skeleton, an open-loop phase at a fixed rate
 * (BENCH_WEBHOOK_RATE, 300 /s, for BENCH_WEBHOOK_RATE_SECONDS, 10 s) times each acknowledgement.
 * `BENCH_PROFILE=1` profiles the real app's closed-loop phase (see cpu-profile.ts).
 * `BENCH_WEBHOOK_REPLICAS=1,2` instead times the burst at one and at two donations processes
 * (replicas.ts), same run.
 */
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_WEBHOOK_CONCURRENCY ?? 32);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 300);
const RATE_EVENTS = Math.round(RATE * Number(process.env.BENCH_WEBHOOK_RATE_SECONDS ?? 10));
const PROFILE = process.env.BENCH_PROFILE === '1';
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? '/tmp';
const SECRET = 'whsec_bench_webhooks_0123456789';

function benchUrl(): string {
  if (process.env.BENCH_WEBHOOKS_DATABASE_URL) return process.env.BENCH_WEBHOOKS_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = '/crm_bench_webhooks';
  return url.toString();
}

/** Signed deliveries made before the clock starts, so neither side pays for building them. */
function deliveries(count = EVENTS): Delivery[] {
  return Array.from({ length: count }, (_, n) => signedDelivery(paidCheckoutEvent(n), SECRET));
}

async function waitUntilProcessed(dataSource: DataSource, events: number): Promise<void> {
  for (;;) {
    const [row] = await dataSource.query<{ n: number }[]>(
      "SELECT count(*)::int AS n FROM donations WHERE status = 'succeeded' AND notified_at IS NOT NULL",
    );
    if (row!.n >= events) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `phase`, with the CPU time this process spent in it per event (user + system: unlike wall time
 * it hardly moves with the host's load, so it compares the two sides on a busy host too). With
 * BENCH_PROFILE=1, also under a CPU profile and a count of round trips, summarised as
 * `name`'s report (the profile written to BENCH_PROFILE_DIR); otherwise just `phase`.
 */
interface PhaseCpu {
  /** µs of this process's CPU per event. */
  cpuPerEvent: number;
  /** µs of the database's server processes' CPU per event. */
  postgresCpuPerEvent: number;
}

async function profiled<T>(
  name: string,
  databaseUrl: string,
  phase: () => Promise<T>,
): Promise<{ result: T; report?: string } & PhaseCpu> {
  const timed = async (): Promise<{ result: T } & PhaseCpu> => {
    const postgres = await startPostgresCpu(databaseUrl);
    const cpu = process.cpuUsage();
    const result = await phase();
    const { user, system } = process.cpuUsage(cpu);
    const postgresSeconds = await postgres.stop();
    return {
      result,
      cpuPerEvent: (user + system) / EVENTS,
      postgresCpuPerEvent: (postgresSeconds * 1e6) / EVENTS,
    };
  };
  if (!PROFILE) return timed();
  const profiler = await startCpuProfile();
  const counter = countRoundTrips();
  const { result, ...cpu } = await timed();
  const counts = counter.stop();
  const profile = await profiler.stop();
  const file = join(PROFILE_DIR, `bench-webhooks-${name}-${process.pid}.cpuprofile`);
  writeProfile(profile, file);
  const lines = [
    `=== ${name}`,
    profileReport(summariseProfile(profile), EVENTS),
    roundTripReport(counts, EVENTS),
    `profile written to ${file}`,
  ];
  return { result, ...cpu, report: lines.join('\n') };
}

/** Open loop at RATE /s against `url`: every acknowledgement timed from its scheduled start. */
async function ackAtRate(url: string): Promise<RateResult> {
  const load = await startLoadGenerator({
    url,
    deliveries: deliveries(RATE_EVENTS),
    concurrency: 0,
    rate: RATE,
  });
  return (await load.fire())!;
}

interface AppFigures extends PhaseCpu {
  acked: number;
  processed: number;
  atRate: RateResult;
  profile?: string;
}

async function measureApp(url: string, queuePrefix: string): Promise<AppFigures> {
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
    // As in production, where probes and staff reads come too: a request that is logged turns on
    // the logger's per-request context (AsyncLocalStorage), which then costs every promise.
    await fetch(`${app.url}/health`);
    const load = await startLoadGenerator({
      url: `${app.url}/webhooks/stripe`,
      deliveries: deliveries(),
      concurrency: CONCURRENCY,
    });
    const started = performance.now();
    const {
      result: acked,
      report,
      ...cpu
    } = await profiled('real endpoint', url, async () => {
      await load.fire();
      const answered = performance.now();
      await waitUntilProcessed(dataSource, EVENTS);
      return answered;
    });
    const processed = performance.now();
    const atRate = await ackAtRate(`${app.url}/webhooks/stripe`);
    await waitUntilProcessed(dataSource, EVENTS + RATE_EVENTS);
    const [check] = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM stripe_events WHERE processed_at IS NOT NULL',
    );
    const all = EVENTS + RATE_EVENTS;
    if (check!.n !== all) throw new Error(`Expected ${all} processed events, found ${check!.n}`);
    return {
      ...cpu,
      acked: (acked - started) / 1000,
      processed: (processed - started) / 1000,
      atRate,
      ...(report ? { profile: report } : {}),
    };
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
async function measureBareNest(
  url: string,
  queuePrefix: string,
): Promise<{ seconds: number; atRate: RateResult; profile?: string } & PhaseCpu> {
  const inbox = await startBareNestInbox({
    databaseUrl: url,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix,
    secret: SECRET,
    events: EVENTS,
  });
  try {
    const {
      result: seconds,
      report,
      ...cpu
    } = await profiled('skeleton', url, () => timeDeliveries(inbox.url, inbox.processed));
    return {
      seconds,
      ...cpu,
      atRate: await ackAtRate(inbox.url),
      ...(report ? { profile: report } : {}),
    };
  } finally {
    await inbox.close();
  }
}

/** One line per replica count: the same burst at N donations processes. */
async function compareReplicas(counts: number[]): Promise<void> {
  const lines = [
    `host load average before ${loadavg()
      .map((average) => average.toFixed(2))
      .join(', ')}`,
  ];
  for (const replicas of counts) {
    const figures = await measureReplicas({
      replicas,
      databaseUrl: benchUrl(),
      secret: SECRET,
      deliveries: deliveries(),
      concurrency: CONCURRENCY,
    });
    const rate = (seconds: number) => Math.round(EVENTS / seconds).toLocaleString('en-GB');
    lines.push(
      `${replicas} donations process(es): acknowledged ${rate(figures.acked)} events/s, processed ${rate(figures.processed)} events/s (${figures.processed.toFixed(2)} s); answered per process ${figures.perReplica.join(' / ')}`,
    );
  }
  lines.push(
    `host load average after ${loadavg()
      .map((average) => average.toFixed(2))
      .join(', ')}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  if (process.env.BENCH_WEBHOOK_REPLICAS) {
    await compareReplicas(process.env.BENCH_WEBHOOK_REPLICAS.split(',').map(Number));
    return;
  }
  const url = benchUrl();
  const queuePrefix = `bench-webhooks-${process.pid}`;
  await dropDatabase(url);
  await migrateUp(url);
  try {
    const loadBefore = loadavg();
    const app = await measureApp(url, queuePrefix);
    const bare = await measureBare(url);
    const nest = await measureBareNest(url, `${queuePrefix}-skeleton`);
    const { seconds: skeleton, atRate: skeletonAtRate } = nest;
    const rate = (seconds: number) => Math.round(EVENTS / seconds);
    const load = (averages: number[]) => averages.map((average) => average.toFixed(2)).join(', ');
    const acks = ({ latencies, failures }: RateResult) =>
      `p50 ${quantile(latencies, 0.5).toFixed(1)} ms  p99 ${quantile(latencies, 0.99).toFixed(1)} ms  max ${quantile(latencies, 1).toFixed(1)} ms  ${failures} failed`;
    const lines = [
      ...[app.profile, nest.profile].flatMap((report) => (report ? [report, ''] : [])),
      `host load average (1, 5, 15 min)    before ${load(loadBefore)}; after ${load(loadavg())}`,
      `events                              ${EVENTS.toLocaleString('en-GB')} signed checkout.session.completed, ${CONCURRENCY} connections`,
      `real endpoint, acknowledged (200)   ${app.acked.toFixed(2)} s  ${rate(app.acked).toLocaleString('en-GB')} events/s`,
      `real endpoint, processed            ${app.processed.toFixed(2)} s  ${rate(app.processed).toLocaleString('en-GB')} events/s  (donation recorded, donor + receipt queued)`,
      `bare http + verify + insert         ${bare.toFixed(2)} s  ${rate(bare).toLocaleString('en-GB')} events/s`,
      `ratio acknowledged / bare           ${(bare / app.acked).toFixed(2)}`,
      `ratio processed / bare              ${(bare / app.processed).toFixed(2)}`,
      `skeleton: bare NestJS + BullMQ      ${skeleton.toFixed(2)} s  ${rate(skeleton).toLocaleString('en-GB')} events/s  (route, verify, insert, job; its job queues donor + receipt; no donation written)`,
      `ratio skeleton / bare               ${(bare / skeleton).toFixed(2)}  (the stack's skeleton: each event stored and queued, nothing else)`,
      `ratio processed / skeleton          ${(skeleton / app.processed).toFixed(2)}  (target ≥ 0.8)`,
      `CPU of this process per event       real ${app.cpuPerEvent.toFixed(0)} µs, skeleton ${nest.cpuPerEvent.toFixed(0)} µs  (skeleton / real ${(nest.cpuPerEvent / app.cpuPerEvent).toFixed(2)})`,
      `CPU of PostgreSQL per event         real ${app.postgresCpuPerEvent.toFixed(0)} µs, skeleton ${nest.postgresCpuPerEvent.toFixed(0)} µs  (its backends for the bench database)`,
      `acknowledgement at ${RATE} /s (open loop, ${RATE_EVENTS.toLocaleString('en-GB')} events)`,
      `  real endpoint                     ${acks(app.atRate)}  (target p99 < 50 ms)`,
      `  skeleton                          ${acks(skeletonAtRate)}`,
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
