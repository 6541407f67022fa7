import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { DataSource } from 'typeorm';
import { SupporterImporter } from '../apps/subscribers/src/imports/supporter-importer';
import { type SupporterCsvFormat, writeSupporterCsv } from '../apps/subscribers/test/csv-supporters';
import { measure, withCpu } from './import/measure';
import { benchDatabaseUrl } from './seed/bench-database';

/**
 * `npm run bench:import`: imports a generated 1,000,000-row CSV through the real import code path
 * into a freshly migrated dedicated database, and, in the same run, PostgreSQL's own `COPY` of the
 * same file into a bare table with no constraints or indexes: the floor any importer is measured against.
 * Also in the same run, the yardstick the import is held to: `COPY` of the file into a staging table
 * and a hand-written set-based merge into supporters, subscriptions and the consent ledger (what the
 * importer writes, and nothing it checks), on the same tables with the same indexes and triggers;
 * the tables are emptied between the two. `BENCH_IMPORT_FORMAT=mailchimp` imports a Mailchimp export
 * with opt-in evidence and a named consent source, so both write subscriptions and ledger rows too
 * (the plain file carries no evidence: both write supporters only).
 * Then the same for 1,000,000 gifts (bench/import/gifts.ts) given by the supporters just imported,
 * in a process of its own, as the donations app's import job has: its peak RSS is then its own, not
 * what the supporter import left behind. `BENCH_IMPORT_ONLY=supporters|gifts` runs one case.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const ONLY = process.env.BENCH_IMPORT_ONLY;
const FORMAT: SupporterCsvFormat = process.env.BENCH_IMPORT_FORMAT === 'mailchimp' ? 'mailchimp' : 'plain';
/** The Mailchimp case names a consent source, so its opt-in evidence subscribes people. */
const CONSENT_SOURCE = FORMAT === 'mailchimp' ? 'bench-signup-form' : null;
/** Set for the gifts case's own process: the database the supporter case filled is kept. */
const KEEP_DATABASE = process.env.BENCH_IMPORT_KEEP_DATABASE === '1';

/** The gifts case in a fresh process of this same script, on the database just filled. */
async function giftsInOwnProcess(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, BENCH_IMPORT_ONLY: 'gifts', BENCH_IMPORT_KEEP_DATABASE: '1' },
    stdio: 'inherit',
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`The gifts case exited with ${code}`);
}

async function main(): Promise<void> {
  const url = benchDatabaseUrl('crm_bench_import', process.env.BENCH_IMPORT_DATABASE_URL);
  // The PostgreSQL server reads the file for COPY, so it lives where the server's user can read it.
  const path = join(tmpdir(), `crm-bench-import-${process.pid}.csv`);
  if (ONLY !== 'gifts') {
    process.stdout.write(`Generating ${ROWS.toLocaleString('en-GB')} rows into ${path}\n`);
    await writeSupporterCsv(path, { rows: ROWS, format: FORMAT });
    await chmod(path, 0o644);
  }
  if (!KEEP_DATABASE) await dropDatabase(url);
  await migrateUp(url);
  const dataSource = await new DataSource(
    dataSourceOptions({ url, poolSize: 2, applicationName: 'bench-import' }),
  ).initialize();
  try {
    if (ONLY !== 'gifts') {
      await dataSource.query(
        `CREATE TABLE bare_import (${STAGING_COLUMNS[FORMAT].replace(/timestamptz/g, 'text')})`,
      );
      const copy = await measure(() =>
        dataSource.query(
          `COPY bare_import FROM '${path.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
        ),
      );

      await dataSource.query(`CHECKPOINT`);
      const baseline = await withCpu(dataSource, () =>
        copyAndMerge(dataSource, path, FORMAT, CONSENT_SOURCE),
      );
      const written = await tally(dataSource);
      // Both start from empty tables.
      await dataSource.query(`TRUNCATE supporters CASCADE`);
      await dataSource.query(`CHECKPOINT`);

      const [{ id }] = (await dataSource.query(
        `INSERT INTO supporter_imports (status, file_path, original_name, consent_source) VALUES ('queued', $1, 'bench.csv', $2) RETURNING id`,
        [path, CONSENT_SOURCE],
      )) as { id: string }[];
      const importer = new SupporterImporter(dataSource);
      const imported = await withCpu(dataSource, () => importer.run(id));
      const [run] = (await dataSource.query(
        `SELECT status, rows_done, rows_imported, rows_failed FROM supporter_imports WHERE id = $1`,
        [id],
      )) as { status: string; rows_done: number; rows_imported: number; rows_failed: number }[];
      if (run?.status !== 'completed' || run.rows_imported !== ROWS) {
        throw new Error(`Import did not complete cleanly: ${JSON.stringify(run)}`);
      }
      const importWrote = await tally(dataSource);
      if (JSON.stringify(importWrote) !== JSON.stringify(written)) {
        throw new Error(
          `The import and the baseline wrote different rows: ${JSON.stringify({ importWrote, written })}`,
        );
      }

      const importRate = ROWS / imported.seconds;
      const copyRate = ROWS / copy.seconds;
      const baselineRate = ROWS / baseline.seconds;
      const growth = imported.peakRssMb - imported.startRssMb;
      const lines = [
        `rows                     ${ROWS.toLocaleString('en-GB')} (${FORMAT}${CONSENT_SOURCE ? ', consent source named' : ''}; wrote ${JSON.stringify(written)})`,
        `import (real code path)  ${imported.seconds.toFixed(1)} s  ${Math.round(importRate).toLocaleString('en-GB')} rows/s  peak RSS ${imported.peakRssMb.toFixed(0)} MB (${imported.startRssMb.toFixed(0)} MB at its start, +${growth.toFixed(0)} MB)`,
        `COPY + set-based merge   ${baseline.seconds.toFixed(1)} s  ${Math.round(baselineRate).toLocaleString('en-GB')} rows/s`,
        `CPU per million rows     import: PostgreSQL ${perMillion(imported.pgSeconds)} s + Node ${perMillion(imported.nodeSeconds)} s; merge: PostgreSQL ${perMillion(baseline.pgSeconds)} s (the host's load does not stretch these)`,
        `COPY into a bare table   ${copy.seconds.toFixed(1)} s  ${Math.round(copyRate).toLocaleString('en-GB')} rows/s`,
        `ratio import / merge     ${(importRate / baselineRate).toFixed(2)} (target >= 0.70; rate target >= 150,000 rows/s; RSS growth target < 100 MB)`,
        `ratio import / COPY      ${(importRate / copyRate).toFixed(2)} (COPY is ${(copyRate / importRate).toFixed(1)}x faster)`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (ONLY === 'gifts') {
      // Loaded only here: the gifts case pulls in BullMQ, ioredis and the donations app (about 30 MB
      // resident), which the supporter import must not carry.
      const { benchGiftsImport } = await import('./import/gifts');
      process.stdout.write(`${(await benchGiftsImport(dataSource, ROWS)).join('\n')}\n`);
    }
  } finally {
    await dataSource.destroy();
    await rm(path, { force: true });
  }
  if (ONLY !== 'supporters' && ONLY !== 'gifts') await giftsInOwnProcess();
}

/** CPU seconds per million rows of this run. */
const perMillion = (seconds: number): string => (seconds / (ROWS / 1e6)).toFixed(1);

/** The file's columns as COPY reads them into the baseline's staging table. */
const STAGING_COLUMNS: Record<SupporterCsvFormat, string> = {
  plain: 'email text, first_name text, last_name text, tags text',
  mailchimp:
    'email text, first_name text, last_name text, member_rating text, optin_time timestamptz, optin_ip text, confirm_time timestamptz, confirm_ip text, last_changed text, tags text',
};

/**
 * The yardstick: the file copied by PostgreSQL into a staging table, then merged set-wise, by hand,
 * into what the importer writes (supporters; with a consent source, a subscription and an
 * `imported` ledger row for each person with opt-in evidence), in one transaction with the
 * importer's session settings. It validates nothing and checks no tombstone.
 */
async function copyAndMerge(
  dataSource: DataSource,
  path: string,
  format: SupporterCsvFormat,
  consentSource: string | null,
): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL synchronous_commit = off`);
    await manager.query(`SET LOCAL jit = off`);
    // One statement for the whole file: at a million rows it outlasts the pool's statement timeout.
    await manager.query(`SET LOCAL statement_timeout = 0`);
    await manager.query(`CREATE TEMP TABLE baseline_rows (${STAGING_COLUMNS[format]}) ON COMMIT DROP`);
    await manager.query(
      `COPY baseline_rows FROM '${path.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
    );
    const tags =
      format === 'plain' ? `string_to_array(tags, ';')` : `string_to_array(replace(tags, '"', ''), ',')`;
    const evidence = format === 'mailchimp' && consentSource !== null;
    await manager.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name, tags, source, newsletter_confirmed)
       SELECT email, lower(email), first_name, last_name, ${tags}, 'import',
              ${evidence ? 'optin_time IS NOT NULL' : 'false'}
         FROM baseline_rows
       ON CONFLICT (email_normalised) DO UPDATE
         SET first_name = COALESCE(supporters.first_name, EXCLUDED.first_name),
             last_name = COALESCE(supporters.last_name, EXCLUDED.last_name),
             tags = ARRAY(SELECT DISTINCT unnest(supporters.tags || EXCLUDED.tags)),
             updated_at = now()`,
    );
    if (!evidence) return;
    await manager.query(
      `WITH people AS MATERIALIZED (
         SELECT s.id, b.optin_time, b.confirm_time, COALESCE(b.confirm_ip, b.optin_ip) AS ip
           FROM baseline_rows b JOIN supporters s ON s.email_normalised = lower(b.email)
          WHERE b.optin_time IS NOT NULL),
       subscribed AS (
         INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at, source)
         SELECT id, 'subscribed', optin_time, COALESCE(confirm_time, optin_time), $1 FROM people
         ON CONFLICT (supporter_id) DO NOTHING
         RETURNING supporter_id)
       INSERT INTO consent_events (supporter_id, kind, source, ip)
       SELECT p.id, 'imported', $1, p.ip FROM people p JOIN subscribed s ON s.supporter_id = p.id`,
      [`import:${consentSource}`],
    );
  });
}

/** What an import writes, counted: compared between the import and the baseline. */
async function tally(dataSource: DataSource): Promise<Record<string, number>> {
  const [counts] = (await dataSource.query(
    `SELECT (SELECT count(*)::int FROM supporters) AS supporters,
            (SELECT count(*)::int FROM newsletter_subscriptions) AS subscriptions,
            (SELECT count(*)::int FROM consent_events) AS ledger`,
  )) as Record<string, number>[];
  return counts!;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
