import { LocalRedisCluster } from '@crm/testing';
import { DonationsHarness } from '../../apps/donations/test/donations-harness';

/**
 * An app booted in-process on a real Redis Cluster: its health check's first checks (arriving
 * together) find the cluster, and closing it closes every cluster connection it made (the jest
 * worker would otherwise hang and the cluster's shutdown log ioredis errors).
 */
describe('an app on a Redis Cluster', () => {
  let cluster: LocalRedisCluster;

  beforeAll(async () => {
    cluster = await LocalRedisCluster.start();
  });
  afterAll(() => cluster?.stop());

  it('answers /health 200 from its first checks and closes within seconds', async () => {
    const harness = await DonationsHarness.start({}, { redis: cluster.env() });
    let closedInMs: number;
    try {
      const first = await Promise.all([1, 2, 3].map(() => fetch(`${harness.app.url}/health`)));
      expect(first.map((response) => response.status)).toEqual([200, 200, 200]);
    } finally {
      const started = Date.now();
      await harness.close();
      closedInMs = Date.now() - started;
    }
    expect(closedInMs).toBeLessThan(10_000);
  });
});
