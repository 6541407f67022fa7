import { migrateUp } from '@crm/database';
import { databaseUrl, randomSuffix, TEST_RUN_ENV } from './test-run';

/** Jest global setup: one migrated template database per test run; files clone it. */
export default async function globalSetup(): Promise<void> {
  const runId = `crm_test_${Date.now().toString(36)}_${randomSuffix()}`;
  const template = `${runId}_template`;
  await migrateUp(databaseUrl(template));
  process.env[TEST_RUN_ENV.runId] = runId;
  process.env[TEST_RUN_ENV.templateDatabase] = template;
}
