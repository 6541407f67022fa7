import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app-process';
import { RedisProcess } from './redis-process';
import type { TestRedisEnv } from './test-environment';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/**
 * A real Redis Cluster of `masters` masters (no replicas) on loopback, in a temporary directory,
 * for a test to point the apps at with `REDIS_CLUSTER_NODES`. Nothing is persisted.
 */
export class LocalRedisCluster {
  private constructor(
    private readonly dir: string,
    readonly nodes: RedisProcess[],
  ) {}

  static async start(masters = 3): Promise<LocalRedisCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'crm-redis-cluster-'));
    const nodes: RedisProcess[] = [];
    const cluster = new LocalRedisCluster(dir, nodes);
    try {
      for (let n = 0; n < masters; n += 1) {
        const [port, busPort] = [await freePort(), await freePort()];
        nodes.push(
          await RedisProcess.start(port, [
            ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--daemonize', 'no'],
            ...['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
            ...['--cluster-port', String(busPort), '--cluster-node-timeout', '2000'],
            ...['--save', '', '--appendonly', 'no'],
          ]),
        );
      }
      await run('redis-cli', [
        '--cluster',
        'create',
        ...nodes.map((node) => node.address),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await waitFor(() => cluster.healthy(), {
        timeoutMs: 20_000,
        intervalMs: 200,
        what: 'the cluster to be ok',
      });
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  /** `host:port,…` of every node, as `REDIS_CLUSTER_NODES` takes it. */
  get seeds(): string {
    return this.nodes.map((node) => node.address).join(',');
  }

  /** The Redis variables that point an app (or a TestEnvironment) at this cluster. */
  env(): TestRedisEnv {
    return { REDIS_CLUSTER_NODES: this.seeds };
  }

  /** Every node says the cluster is ok and all 16384 slots are served. */
  async healthy(): Promise<boolean> {
    const infos = await Promise.all(
      this.nodes.map((node) => node.command((client) => client.cluster('INFO')).catch(() => '')),
    );
    return infos.every(
      (info) => info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384'),
    );
  }

  /** How many keys each master holds (a test can check work was spread over the cluster). */
  async keysPerNode(): Promise<number[]> {
    return Promise.all(this.nodes.map((node) => node.command((client) => client.dbsize())));
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
