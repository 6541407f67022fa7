import { baseEnvSchema, loadConfig, redisTopology, type RedisTopology } from '@crm/config';
import { createRedisClient, queueConnection, queueKeyPrefix } from '@crm/queues';
import Redis, { Cluster } from 'ioredis';
import { randomSuffix } from './test-run';
import { TestDatabase } from './test-database';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_APP_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

/** The Redis variables of the shared test server; a test on a cluster or Sentinel passes its own. */
export type TestRedisEnv = Partial<
  Record<'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME', string>
>;

/** The topology a set of Redis variables names, validated as an app would. */
export function testRedisTopology(redisEnv: TestRedisEnv): RedisTopology {
  return redisTopology(
    loadConfig(baseEnvSchema, { NODE_ENV: 'test', APP_SECRET: TEST_APP_SECRET, ...redisEnv }),
  );
}

/**
 * One test file's world: its own database and queue prefix on the real servers, and the
 * environment variables that point an app at them.
 */
export class TestEnvironment {
  /** Which Redis this world's apps and the test's own queues use. */
  readonly redis: RedisTopology;

  private constructor(
    readonly database: TestDatabase,
    readonly queuePrefix: string,
    private readonly redisEnv: TestRedisEnv,
  ) {
    this.redis = testRedisTopology(redisEnv);
  }

  /** `redis`: the Redis variables (a cluster's or Sentinel's); the shared test server by default. */
  static async create({ redis }: { redis?: TestRedisEnv } = {}): Promise<TestEnvironment> {
    return new TestEnvironment(
      await TestDatabase.create(),
      `test-${randomSuffix()}`,
      redis ?? { REDIS_URL: TEST_REDIS_URL },
    );
  }

  /**
   * A BullMQ `connection` for the test's own queues, on this world's Redis. A cluster's is one
   * connection the caller closes with `closeQueueConnection` after its queues.
   */
  queueConnection(): ReturnType<typeof queueConnection> {
    return queueConnection(this.redis);
  }

  /** Environment for an app under test; `overrides` win. */
  env(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATABASE_URL: this.database.url,
      REDIS_URL: TEST_REDIS_URL,
      ...this.redisEnv,
      QUEUE_PREFIX: this.queuePrefix,
      APP_SECRET: TEST_APP_SECRET,
      ...overrides,
    };
  }

  async destroy(): Promise<void> {
    await this.database.drop();
    await deleteQueueKeys(this.queuePrefix, this.redis);
  }
}

/** Removes every key under a queue prefix (BullMQ's, the rate limits'), on each master of a cluster. */
export async function deleteQueueKeys(
  prefix: string,
  topology: RedisTopology = { kind: 'single', url: TEST_REDIS_URL },
): Promise<void> {
  const client = createRedisClient(topology, { lazyConnect: true });
  try {
    // A cluster knows its masters once connected.
    await client.connect();
    const nodes: Redis[] = client instanceof Cluster ? client.nodes('master') : [client as Redis];
    for (const node of nodes) {
      const stream = node.scanStream({ match: `${queueKeyPrefix(prefix)}:*`, count: 1000 });
      for await (const keys of stream as AsyncIterable<string[]>) {
        // All share the prefix's hash tag, so one UNLINK may take them even on a cluster.
        if (keys.length > 0) await node.unlink(...keys);
      }
    }
  } finally {
    client.disconnect();
  }
}
