import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';
import { RedisProcess } from './redis-process';
import type { TestRedisEnv } from './test-environment';
import { waitFor } from './wait-for';

const SENTINELS = 3;
const QUORUM = 2;

/**
 * A Sentinel set-up on loopback: one master, one replica and three sentinels watching them under
 * `name`, in a temporary directory, for a test to point the apps at with `REDIS_SENTINELS` and
 * `REDIS_SENTINEL_NAME` and to fail over under load.
 */
export class LocalRedisSentinel {
  private constructor(
    private readonly dir: string,
    readonly name: string,
    readonly servers: RedisProcess[],
    readonly sentinels: RedisProcess[],
  ) {}

  static async start(name = 'crm-test'): Promise<LocalRedisSentinel> {
    const dir = await mkdtemp(join(tmpdir(), 'crm-redis-sentinel-'));
    const set = new LocalRedisSentinel(dir, name, [], []);
    try {
      const common = [
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--daemonize',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
      ];
      const masterPort = await freePort();
      set.servers.push(await RedisProcess.start(masterPort, ['--port', String(masterPort), ...common]));
      const replicaPort = await freePort();
      set.servers.push(
        await RedisProcess.start(replicaPort, [
          ...['--port', String(replicaPort), ...common],
          ...['--replicaof', '127.0.0.1', String(masterPort)],
        ]),
      );
      for (let n = 0; n < SENTINELS; n += 1) {
        const port = await freePort();
        // A sentinel rewrites its configuration file, so each has its own.
        const file = join(dir, `sentinel-${port}.conf`);
        await writeFile(
          file,
          [
            `port ${port}`,
            'bind 127.0.0.1',
            `dir ${dir}`,
            `sentinel monitor ${name} 127.0.0.1 ${masterPort} ${QUORUM}`,
            `sentinel down-after-milliseconds ${name} 1000`,
            `sentinel failover-timeout ${name} 5000`,
            `sentinel parallel-syncs ${name} 1`,
            '',
          ].join('\n'),
        );
        set.sentinels.push(await RedisProcess.start(port, [file, '--sentinel']));
      }
      await waitFor(() => set.ready(), {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: 'sentinels to see the replica',
      });
      return set;
    } catch (error) {
      await set.stop();
      throw error;
    }
  }

  /** The Redis variables that point an app (or a TestEnvironment) at this set-up. */
  env(): TestRedisEnv {
    return {
      REDIS_SENTINELS: this.sentinels.map((sentinel) => sentinel.address).join(','),
      REDIS_SENTINEL_NAME: this.name,
    };
  }

  /** The master's port as the first live sentinel reports it. */
  async masterPort(): Promise<number> {
    for (const sentinel of this.sentinels.filter((one) => one.running)) {
      const answer = (await sentinel
        .command((client) => client.call('SENTINEL', 'get-master-addr-by-name', this.name))
        .catch(() => null)) as [string, string] | null;
      if (answer) return Number(answer[1]);
    }
    throw new Error('no sentinel answered');
  }

  /**
   * Makes the replica the master (`SENTINEL FAILOVER`) and waits until every sentinel names it and
   * it answers as master. Returns the new master's port.
   */
  async failover(): Promise<number> {
    const before = await this.masterPort();
    await this.sentinels[0]!.command((client) => client.call('SENTINEL', 'failover', this.name));
    return waitFor(
      async () => {
        const ports = await Promise.all(
          this.sentinels.map((sentinel) =>
            sentinel
              .command((client) => client.call('SENTINEL', 'get-master-addr-by-name', this.name))
              .then((answer) => Number((answer as [string, string])[1]))
              .catch(() => before),
          ),
        );
        const after = ports[0]!;
        if (after === before || ports.some((port) => port !== after)) return null;
        const server = this.servers.find((one) => one.port === after)!;
        const role = await server.command((client) => client.info('replication')).catch(() => '');
        return role.includes('role:master') ? after : null;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the failover to finish' },
    );
  }

  /** Every sentinel knows the master, the replica (linked up) and the two other sentinels. */
  private async ready(): Promise<boolean> {
    const replica = this.servers[1]!;
    const link = await replica.command((client) => client.info('replication')).catch(() => '');
    if (!link.includes('master_link_status:up')) return false;
    const views = await Promise.all(
      this.sentinels.map(async (sentinel) => {
        const replicas = (await sentinel
          .command((client) => client.call('SENTINEL', 'replicas', this.name))
          .catch(() => [])) as string[][];
        const peers = (await sentinel
          .command((client) => client.call('SENTINEL', 'sentinels', this.name))
          .catch(() => [])) as string[][];
        return replicas.length === 1 && peers.length === SENTINELS - 1;
      }),
    );
    return views.every(Boolean);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.sentinels, ...this.servers].map((server) => server.kill()));
    await rm(this.dir, { recursive: true, force: true });
  }
}
