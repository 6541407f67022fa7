import { migrateUp } from '@crm/database';
import { drawProgress } from './progress-bar';
import { seedBenchData, type SeedResult } from './seed-bench-data';

export const BENCH_SCALE = { supporters: 1_000_000, donations: 3_000_000 };

/** The dedicated benchmark database: BENCH_DATABASE_URL, or DATABASE_URL's server with database crm_bench. */
export function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_DATABASE_URL) return env.BENCH_DATABASE_URL;
  const url = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = '/crm_bench';
  return url.toString();
}

/** Creates and migrates the bench database, then seeds it at full scale unless it already is. */
export async function prepareBenchDatabase(url = benchDatabaseUrl()): Promise<SeedResult> {
  await migrateUp(url);
  return seedBenchData(url, { ...BENCH_SCALE, onProgress: drawProgress });
}
