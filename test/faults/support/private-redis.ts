import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort, waitFor } from '@crm/testing';

/**
 * A Redis server of this scenario's own (never the shared one, which other suites are using), so
 * it can be killed and started again. By default it persists every write to an append-only file in
 * a temporary directory, as a production Redis for BullMQ should: a restart is then an outage. With
 * `persistent: false` a restart is also a wipe: every queued job is gone.
 */
export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly persistent: boolean,
  ) {}

  static async start({ persistent = true } = {}): Promise<PrivateRedis> {
    const dir = await mkdtemp(join(tmpdir(), 'crm-fault-redis-'));
    const redis = new PrivateRedis(await freePort(), dir, persistent);
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--daemonize', 'no'],
        ...['--save', '', '--appendonly', this.persistent ? 'yes' : 'no', '--appendfsync', 'always'],
      ],
      { stdio: 'ignore' },
    );
    this.child = child;
    await waitFor(() => this.answers(), { timeoutMs: 10_000, intervalMs: 50, what: `redis on ${this.port}` });
  }

  /** Kills the server outright, as a crash or an OOM kill would. */
  async down(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stops the server for good and removes its data. */
  async destroy(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }

  async restart(outageMs: number): Promise<void> {
    await this.down();
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    await this.up();
  }

  private async answers(): Promise<boolean> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
