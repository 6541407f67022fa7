import { dataSourceOptions } from '@crm/database';
import { runSql, sql } from '@crm/sql';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { loadBaseEnvOrExit } from './base-env';

/**
 * Waits until every migration this build ships is applied, then exits 0 (exit 1 after
 * WAIT_MIGRATIONS_SECONDS, default 600). A Kubernetes initContainer runs it before each app so a
 * pod of a new version never starts on the old schema while the migration Job is still running;
 * it only reads, so it never races the Job.
 */
async function main(): Promise<void> {
  const env = loadBaseEnvOrExit();
  const deadline = Date.now() + Number(process.env.WAIT_MIGRATIONS_SECONDS ?? 600) * 1_000;
  for (;;) {
    const pending = await pendingMigrations(env.DATABASE_URL).catch((error: unknown) => {
      process.stderr.write(
        `Cannot read the migrations yet: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return null;
    });
    if (pending?.length === 0) {
      process.stdout.write('Every migration of this build is applied.\n');
      return;
    }
    if (Date.now() > deadline) {
      process.stderr.write('Gave up waiting for the migration Job.\n');
      process.exit(1);
    }
    if (pending) process.stdout.write(`Waiting for ${pending.length} migration(s), first ${pending[0]}\n`);
    await sleep(2_000);
  }
}

/** Names of shipped migrations missing from the migrations table (which the Job creates). */
async function pendingMigrations(url: string): Promise<string[]> {
  const dataSource = await new DataSource(
    dataSourceOptions({ url, poolSize: 1, applicationName: 'crm-wait-migrations' }),
  ).initialize();
  try {
    const { rows } = await runSql<{ name: string }>(dataSource, sql`SELECT name FROM schema_migrations`);
    const applied = new Set(rows.map((row) => row.name));
    return dataSource.migrations
      .map((migration) => migration.name ?? migration.constructor.name)
      .filter((name) => !applied.has(name));
  } finally {
    await dataSource.destroy();
  }
}

void main();
