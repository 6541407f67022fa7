import { randomBytes } from 'node:crypto';

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of a database on the test server, by name. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const randomSuffix = (): string => randomBytes(4).toString('hex');

/** Environment variables the global setup hands to every test worker. */
export const TEST_RUN_ENV = {
  templateDatabase: 'CRM_TEST_TEMPLATE_DB',
  runId: 'CRM_TEST_RUN_ID',
} as const;
