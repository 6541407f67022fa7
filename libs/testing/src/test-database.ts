import { dropDatabase } from '@crm/database';
import { Client } from 'pg';
import { databaseUrl, randomSuffix, TEST_RUN_ENV } from './test-run';

/**
 * A database of its own for one test file, cloned from the migrated template the global setup
 * made, so files running in parallel never see each other's rows.
 */
export class TestDatabase {
  private constructor(readonly name: string) {}

  get url(): string {
    return databaseUrl(this.name);
  }

  static async create(): Promise<TestDatabase> {
    const template = process.env[TEST_RUN_ENV.templateDatabase];
    const runId = process.env[TEST_RUN_ENV.runId];
    if (!template || !runId)
      throw new Error('Run tests through jest so the global setup prepares the template');
    const name = `${runId}_${randomSuffix()}`;
    const admin = new Client({ connectionString: databaseUrl('postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.end();
    }
    return new TestDatabase(name);
  }

  async drop(): Promise<void> {
    await dropDatabase(this.url);
  }
}
