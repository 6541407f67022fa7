import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { DataSource } from 'typeorm';
import { SupporterImporter } from '../apps/subscribers/src/imports/supporter-importer';
import { writeSupporterCsv } from '../apps/subscribers/test/csv-supporters';
import { measure } from './import/measure';
import { benchDatabaseUrl } from './seed/bench-database';

/**
 * `npm run bench:import`: imports a generated 1,000,000-row CSV through the real import code path
 * into a freshly migrated dedicated database, and, in the same run, PostgreSQL's own `COPY` of the
 * same file into a bare table with no constraints or indexes: the floor any importer is measured against.
 * Then the same for 1,000,000 gifts (bench/import/gifts.ts) given by the supporters just imported,
 * in a process of its own, as the donations app's import job has: its peak RSS is then its own, not
 * what the supporter import left behind. `BENCH_IMPORT_ONLY=supporters|gifts` runs one case.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const ONLY = process.env.BENCH_IMPORT_ONLY;
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
    await writeSupporterCsv(path, { rows: ROWS });
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
        `CREATE TABLE bare_import (email text, first_name text, last_name text, tags text)`,
      );
      const copy = await measure(() =>
        dataSource.query(
          `COPY bare_import FROM '${path.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`,
        ),
      );

      const [{ id }] = (await dataSource.query(
        `INSERT INTO supporter_imports (status, file_path, original_name) VALUES ('queued', $1, 'bench.csv') RETURNING id`,
        [path],
      )) as { id: string }[];
      const importer = new SupporterImporter(dataSource);
      const imported = await measure(() => importer.run(id));
      const [run] = (await dataSource.query(
        `SELECT status, rows_done, rows_imported, rows_failed FROM supporter_imports WHERE id = $1`,
        [id],
      )) as { status: string; rows_done: number; rows_imported: number; rows_failed: number }[];
      if (run?.status !== 'completed' || run.rows_imported !== ROWS) {
        throw new Error(`Import did not complete cleanly: ${JSON.stringify(run)}`);
      }

      const importRate = ROWS / imported.seconds;
      const copyRate = ROWS / copy.seconds;
      const lines = [
        `rows                     ${ROWS.toLocaleString('en-GB')}`,
        `import (real code path)  ${imported.seconds.toFixed(1)} s  ${Math.round(importRate).toLocaleString('en-GB')} rows/s  peak RSS ${imported.peakRssMb.toFixed(0)} MB (${imported.startRssMb.toFixed(0)} MB at its start)`,
        `COPY into a bare table   ${copy.seconds.toFixed(1)} s  ${Math.round(copyRate).toLocaleString('en-GB')} rows/s`,
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
