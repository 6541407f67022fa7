import { Client } from 'pg';
import { migrateUp } from '@crm/database';
import { drawProgress } from './progress-bar';
import { seedBenchData, type SeedResult } from './seed-bench-data';

export const BENCH_SCALE = { supporters: 1_000_000, donations: 3_000_000 };

/** A dedicated benchmark database: `override` when set, else DATABASE_URL's server with database `name`. */
export function benchDatabaseUrl(name = 'crm_bench', override = process.env.BENCH_DATABASE_URL): string {
  if (override) return override;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates and migrates the bench database, then seeds it at full scale unless it already is. */
export async function prepareBenchDatabase(url = benchDatabaseUrl()): Promise<SeedResult> {
  await migrateUp(url);
  return seedBenchData(url, { ...BENCH_SCALE, onProgress: drawProgress });
}

/**
 * Prepares the bench database (seeding it if it is not yet), says which on `out`, and returns a
 * connected client; the caller ends it.
 */
export async function connectBenchDatabase(out: (line: string) => void): Promise<Client> {
  const url = benchDatabaseUrl();
  const seed = await prepareBenchDatabase(url);
  out(seed.seeded ? `seeded in ${seed.seconds.toFixed(1)} s` : 'reusing the seeded bench database');
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
