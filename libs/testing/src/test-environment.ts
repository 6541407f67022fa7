import Redis from 'ioredis';
import { queueKeyPrefix } from '@crm/queues';
import { randomSuffix } from './test-run';
import { TestDatabase } from './test-database';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_APP_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/**
 * One test file's world: its own database and queue prefix on the real servers, and the
 * environment variables that point an app at them.
 */
export class TestEnvironment {
  private constructor(
    readonly database: TestDatabase,
    readonly queuePrefix: string,
  ) {}

  static async create(): Promise<TestEnvironment> {
    return new TestEnvironment(await TestDatabase.create(), `test-${randomSuffix()}`);
  }

  /** Environment for an app under test; `overrides` win. */
  env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: this.database.url,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      APP_SECRET: TEST_APP_SECRET,
      ...overrides,
    };
  }

  async destroy(): Promise<void> {
    await this.database.drop();
    await deleteQueueKeys(this.queuePrefix);
  }
}

/** Removes every BullMQ key under a prefix. */
export async function deleteQueueKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const stream = redis.scanStream({ match: `${queueKeyPrefix(prefix)}:*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
