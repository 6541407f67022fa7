import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { DataSource, type EntityManager } from 'typeorm';
import { recordOneOffGifts } from '../../apps/donations/src/stripe-events/one-off-gifts';
import { prepareEvent } from '../../apps/donations/src/stripe-events/stripe-event-handlers';
import {
  markProcessed,
  storedPayloads,
} from '../../apps/donations/src/stripe-batching/stripe-batching.queries';
import { tryLockStripeObjects } from '../../apps/donations/src/stripe-batching/stripe-object-locks';
import { insertStripeEvents } from '../../apps/donations/src/stripe-webhook/stripe-webhook.queries';
import { stripeEventSchema } from '../../apps/donations/src/stripe-webhook/stripe-signature';
import { paidCheckoutEvent } from './paid-checkout-event';

/**
 * Server CPU of each statement a burst of `checkout.session.completed` events costs, on one
 * connection, from /proc/<backend>/schedstat (ns on CPU): the inbox insert (three a statement, as
 * the webhook route batches them), then processing in batches of 32 as StripeEventBatches does
 * (payloads, locks, the donations upsert, commit, the closing update). Not a throughput figure: it
 * says which statement the database's time per event goes to (on a busy host the totals move by
 * a fifth from run to run: alternate the variants compared). Run by hand after a build:
 * `node dist/bench/webhooks/processing-cost.js`. COST_EVENTS (4,000), COST_BATCH (32),
 * COST_DATABASE_URL (a database of its own, migrated afresh and dropped after), COST_SETUP (`;`-
 * separated statements run first, e.g. an index to try), COST_KEEP=1 (keep the database for
 * EXPLAIN), COST_PID_FILE (write the backend's pid and wait 3 s before processing, for
 * `perf record -p`).
 */
const EVENTS = Number(process.env.COST_EVENTS ?? 4_000);
const BATCH = Number(process.env.COST_BATCH ?? 32);
const URL = process.env.COST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/crm_bench_dw_cost';

const onCpu = (pid: number): number => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);

async function main(): Promise<void> {
  if (process.env.COST_FRESH !== '0') {
    await dropDatabase(URL);
    await migrateUp(URL);
  }
  const dataSource = new DataSource(dataSourceOptions({ url: URL, poolSize: 1 }));
  await dataSource.initialize();
  for (const statement of (process.env.COST_SETUP ?? '').split(';').filter((s) => s.trim()))
    await dataSource.query(statement);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const db: EntityManager = runner.manager;
  const [{ pid }] = (await db.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
  const costs = new Map<string, number>();
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const before = onCpu(pid);
    const result = await work();
    costs.set(name, (costs.get(name) ?? 0) + onCpu(pid) - before);
    return result;
  };
  const events = Array.from({ length: EVENTS }, (_, n) => paidCheckoutEvent(n));
  for (let i = 0; i < EVENTS; i += 3) {
    const rows = events
      .slice(i, i + 3)
      .map((e) => ({ id: e.id, type: e.type, payload: JSON.stringify(e), created: e.created }));
    await timed('inbox insert (3 a statement)', () => insertStripeEvents(db, rows));
  }
  if (process.env.COST_PID_FILE) {
    // For `perf record -p`: the backend's pid, then a pause before the processing phase.
    writeFileSync(process.env.COST_PID_FILE, String(pid));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  for (let i = 0; i < EVENTS; i += BATCH) {
    const ids = events.slice(i, i + BATCH).map((e) => e.id);
    const payloads = await timed('read payloads', () => storedPayloads(db, ids));
    const prepared = ids.map((id) => prepareEvent(stripeEventSchema.parse(payloads.get(id))));
    await timed('begin', () => runner.startTransaction());
    await timed('try locks', () =>
      tryLockStripeObjects(
        db,
        prepared.flatMap((p) => p.locks),
      ),
    );
    const outcomes = await timed('donations upsert', () =>
      recordOneOffGifts(
        db,
        prepared.map((p) => p.oneOffGift!),
      ),
    );
    await timed('commit', () => runner.commitTransaction());
    const announced = outcomes.flatMap((o) => o.donations.map((d) => d.id));
    await timed('mark processed', () => markProcessed(db, ids, announced));
  }
  let total = 0;
  for (const [name, ns] of costs) {
    total += ns;
    process.stdout.write(`${name.padEnd(32)} ${(ns / 1000 / EVENTS).toFixed(1).padStart(7)} µs/event\n`);
  }
  process.stdout.write(`${'total'.padEnd(32)} ${(total / 1000 / EVENTS).toFixed(1).padStart(7)} µs/event\n`);
  await runner.release();
  await dataSource.destroy();
  if (process.env.COST_KEEP !== '1') await dropDatabase(URL);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
