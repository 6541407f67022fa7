import { Client } from 'pg';
import { databaseUrl, TEST_RUN_ENV } from './test-run';

/** Jest global teardown: drops every database this run created (files drop their own; this catches leftovers). */
export default async function globalTeardown(): Promise<void> {
  const runId = process.env[TEST_RUN_ENV.runId];
  if (!runId) return;
  const admin = new Client({ connectionString: databaseUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1 || '%'",
      [runId],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
