import { type RedisTopology, redisTopology } from '@crm/config';
import { LocalRedisCluster, LocalRedisSentinel, randomSuffix, TEST_REDIS_URL, waitFor } from '@crm/testing';
import { Queue, Worker } from 'bullmq';
import { Cluster } from 'ioredis';
import { closeQueueConnection, createRedisClient, queueConnection } from './redis-connection';
import { queueKeyPrefix } from './redis-options';

/** A job goes through BullMQ on the topology's connection, and a plain client reads and writes. */
async function roundTrip(topology: RedisTopology): Promise<void> {
  const prefix = queueKeyPrefix(`factory-${randomSuffix()}`);
  const connection = queueConnection(topology);
  const queue = new Queue('round-trip', { connection, prefix });
  const seen: string[] = [];
  const worker = new Worker(
    'round-trip',
    async (job) => {
      seen.push(String(job.data.n));
    },
    { connection, prefix },
  );
  const client = createRedisClient(topology);
  try {
    await queue.add('n', { n: 1 }, { jobId: 'one' });
    await queue.add('n', { n: 1 }, { jobId: 'one' });
    await queue.add('n', { n: 2 }, { jobId: 'two' });
    await waitFor(async () => (await queue.getJobCounts('completed')).completed === 2, {
      what: 'two jobs processed',
    });
    expect(seen.sort()).toEqual(['1', '2']);
    await client.set(`${prefix}:probe`, 'yes', 'EX', 60);
    expect(await client.get(`${prefix}:probe`)).toBe('yes');
  } finally {
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    await closeQueueConnection(connection);
    client.disconnect();
  }
}

describe('one Redis connection factory for three topologies', () => {
  it('works on one node (REDIS_URL)', async () => {
    await roundTrip(redisTopology({ REDIS_URL: TEST_REDIS_URL }));
  });

  it('works on a 3-master Redis Cluster (REDIS_CLUSTER_NODES)', async () => {
    const cluster = await LocalRedisCluster.start();
    try {
      const topology = redisTopology({
        REDIS_URL: TEST_REDIS_URL,
        REDIS_CLUSTER_NODES: cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
      });
      expect(createRedisClient(topology, { lazyConnect: true })).toBeInstanceOf(Cluster);
      await roundTrip(topology);
    } finally {
      await cluster.stop();
    }
  });

  it('works through Sentinel (REDIS_SENTINELS + REDIS_SENTINEL_NAME)', async () => {
    const sentinel = await LocalRedisSentinel.start();
    try {
      await roundTrip(
        redisTopology({
          REDIS_URL: TEST_REDIS_URL,
          REDIS_SENTINELS: sentinel.sentinels.map((one) => ({ host: '127.0.0.1', port: one.port })),
          REDIS_SENTINEL_NAME: sentinel.name,
        }),
      );
    } finally {
      await sentinel.stop();
    }
  });
});
