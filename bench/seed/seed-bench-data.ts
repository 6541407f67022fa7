import { Client } from 'pg';
import {
  DONATIONS_CHUNK,
  EMAIL_EVENTS_CHUNK,
  GIFT_AID_CHUNK,
  MONTHLY_GIFTS_CHUNK,
  SUPPORTERS_CHUNK,
  SUPPRESSIONS,
} from './seed-statements';

export interface SeedProgress {
  step: string;
  done: number;
  total: number;
}

export interface SeedOptions {
  supporters: number;
  donations: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedResult {
  /** False when the database already held at least this many supporters and was reused as is. */
  seeded: boolean;
  seconds: number;
}

interface Step {
  name: string;
  sql: string;
  rows: number;
  chunk: number;
  extraParams: number[];
}

const CHUNK = 50_000;

/** What one run inserts: donations fall on about a third of supporters, heavily skewed to loyal donors. */
function stepsFor({ supporters, donations }: SeedOptions): Step[] {
  const donorPool = Math.max(1, Math.round(supporters * 0.35));
  return [
    { name: 'supporters', sql: SUPPORTERS_CHUNK, rows: supporters, chunk: CHUNK, extraParams: [] },
    {
      name: 'donations',
      sql: DONATIONS_CHUNK,
      rows: donations,
      chunk: CHUNK * 2,
      extraParams: [supporters, donorPool],
    },
    {
      name: 'monthly gifts',
      sql: MONTHLY_GIFTS_CHUNK,
      rows: Math.round(supporters * 0.06),
      chunk: CHUNK,
      extraParams: [supporters],
    },
    {
      name: 'gift aid',
      sql: GIFT_AID_CHUNK,
      rows: Math.round(supporters * 0.15),
      chunk: CHUNK,
      extraParams: [supporters],
    },
    {
      name: 'email events',
      sql: EMAIL_EVENTS_CHUNK,
      rows: Math.round(supporters * 0.6),
      chunk: CHUNK * 2,
      extraParams: [supporters],
    },
  ];
}

/**
 * Fills a migrated database with realistic supporters, donations, monthly gifts, Gift Aid
 * declarations, email events and suppressions, generated inside PostgreSQL in chunks. Reuses a
 * database that already holds enough supporters; refuses a half-seeded one.
 */
export async function seedBenchData(url: string, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ supporters: number }>(
      'SELECT count(*)::int AS supporters FROM supporters',
    );
    if (rows[0].supporters >= options.supporters) return { seeded: false, seconds: 0 };
    if (rows[0].supporters > 0) {
      throw new Error(
        `${url} holds ${rows[0].supporters} supporters, fewer than asked: drop it and run again`,
      );
    }
    const steps = stepsFor(options);
    const total = steps.reduce((sum, step) => sum + step.rows, 0);
    let done = 0;
    // One transaction: a failed run leaves an empty database, never one missing its indexes.
    await client.query('BEGIN');
    await client.query("SET LOCAL maintenance_work_mem = '512MB'");
    const indexes = await dropSecondaryIndexes(client);
    // The giving summary is rebuilt once after the load instead of per chunk by its triggers.
    await client.query('ALTER TABLE donations DISABLE TRIGGER USER');
    for (const step of steps) {
      for (let start = 1; start <= step.rows; start += step.chunk) {
        const end = Math.min(step.rows, start + step.chunk - 1);
        await client.query(step.sql, [start, end, ...step.extraParams]);
        done += end - start + 1;
        options.onProgress?.({ step: step.name, done, total });
      }
    }
    await client.query(SUPPRESSIONS);
    options.onProgress?.({ step: 'indexes', done, total });
    for (const index of indexes) await client.query(index.definition);
    await client.query('INSERT INTO supporter_giving SELECT * FROM supporter_giving_computed');
    await client.query('ALTER TABLE donations ENABLE TRIGGER USER');
    await client.query('COMMIT');
    options.onProgress?.({ step: 'vacuum analyze', done, total });
    await client.query('VACUUM ANALYZE');
    return { seeded: true, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

const BULK_TABLES = ['supporters', 'newsletter_subscriptions', 'donations', 'email_events'];

/**
 * Building an index once over loaded rows is several times faster than maintaining it row by row,
 * so indexes that back no constraint are dropped for the load and recreated from their own definitions.
 */
async function dropSecondaryIndexes(client: Client): Promise<{ name: string; definition: string }[]> {
  // An index's definition does not carry its expressions' statistics targets: they are appended.
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name,
            i.indexdef || coalesce((
              SELECT string_agg(format('; ALTER INDEX %I ALTER COLUMN %s SET STATISTICS %s',
                                       i.indexname, a.attnum, a.attstattarget), '')
                FROM pg_attribute a
               WHERE a.attrelid = format('%I', i.indexname)::regclass AND a.attstattarget >= 0), '') AS definition
       FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
        AND i.indexname NOT IN (SELECT conname FROM pg_constraint)`,
    [BULK_TABLES],
  );
  for (const index of rows) await client.query(`DROP INDEX "${index.name.replace(/"/g, '""')}"`);
  return rows;
}
