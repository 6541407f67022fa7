import { randomBytes } from 'node:crypto';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { DataSource, type EntityManager } from 'typeorm';
import { upsertDonation } from '../apps/donations/src/stripe-events/stripe-events.queries';
import { benchDatabaseUrl } from './seed/bench-database';

/**
 * `npm run bench:donation-writes`: what the giving summary's statement triggers add to recording a
 * donation from a Stripe event (no supporter yet), through the real `upsertDonation`. In the same
 * run, alternating rounds in rolled-back transactions: the triggers as migrated, the refresh as it
 * was before migration 1764900000001 (no early return for statements touching no supporter), and
 * the triggers disabled (the bare upsert).
 */
const UPSERTS = Number(process.env.BENCH_DONATION_WRITES ?? 400);
const ROUNDS = Number(process.env.BENCH_DONATION_ROUNDS ?? 5);

const MODES: Record<string, string[]> = {
  'summary triggers, as migrated': [],
  'refresh without the skip (before 1764900000001)': [
    `CREATE OR REPLACE FUNCTION refresh_supporter_giving(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
     BEGIN PERFORM refresh_supporter_giving_of(ids); END $$`,
  ],
  'summary triggers disabled (bare upsert)': [
    'ALTER TABLE donations DISABLE TRIGGER supporter_giving_insert, DISABLE TRIGGER supporter_giving_update',
  ],
};

async function upserts(db: EntityManager, round: string): Promise<void> {
  for (let n = 0; n < UPSERTS; n += 1) {
    await upsertDonation(db, {
      key: 'stripe_checkout_session_id',
      checkoutSessionId: `cs_bench_${round}_${n}`,
      invoiceId: null,
      subscriptionId: null,
      paymentIntentId: `pi_bench_${round}_${n}`,
      chargeId: null,
      recurringDonationId: null,
      email: `donor${n}@example.org`,
      donorName: `Donor ${n}`,
      amount: 1_000,
      feeAmount: 0,
      currency: 'gbp',
      frequency: 'one_off',
      status: 'succeeded',
      campaign: null,
      paidAt: Math.floor(Date.now() / 1000),
    });
  }
}

/** Milliseconds per upsert, in a transaction that is rolled back so every round starts alike. */
async function round(dataSource: DataSource, setup: string[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    for (const statement of setup) await runner.query(statement);
    const started = process.hrtime.bigint();
    await upserts(runner.manager, randomBytes(6).toString('hex'));
    return Number(process.hrtime.bigint() - started) / 1e6 / UPSERTS;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function main(): Promise<void> {
  const url = benchDatabaseUrl('crm_bench_donation_writes', process.env.BENCH_DONATION_WRITES_DATABASE_URL);
  await dropDatabase(url);
  await migrateUp(url);
  const dataSource = await new DataSource(dataSourceOptions({ url, poolSize: 1 })).initialize();
  try {
    const times = new Map(Object.keys(MODES).map((mode) => [mode, [] as number[]]));
    await round(dataSource, []); // warm-up: plans and caches
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const [mode, setup] of Object.entries(MODES))
        times.get(mode)!.push(await round(dataSource, setup));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const bare = median(times.get('summary triggers disabled (bare upsert)')!);
    process.stdout.write(
      `${UPSERTS} sequential donation upserts per round, ${ROUNDS} rounds, median per upsert\n`,
    );
    for (const [mode, values] of times) {
      const ms = median(values);
      process.stdout.write(`  ${mode.padEnd(50)} ${ms.toFixed(3)} ms  (${(ms / bare).toFixed(2)}× bare)\n`);
    }
  } finally {
    await dataSource.destroy();
    await dropDatabase(url);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
