import { type ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { waitFor } from './wait-for';

/** One `redis-server` (a cluster node, a master, a replica or a sentinel) a test started on loopback. */
export class RedisProcess {
  private child: ChildProcess | null;

  private constructor(
    readonly port: number,
    child: ChildProcess,
  ) {
    this.child = child;
  }

  /** Starts `redis-server` with these arguments (which must include `--port port`) and waits for PONG. */
  static async start(port: number, args: string[]): Promise<RedisProcess> {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    const server = new RedisProcess(port, child);
    const died = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited (${code})`))),
    );
    died.catch(() => undefined);
    try {
      await Promise.race([
        waitFor(() => server.answers(), {
          timeoutMs: 10_000,
          intervalMs: 50,
          what: `redis-server on ${port}`,
        }),
        died,
      ]);
    } catch (error) {
      await server.kill();
      throw error;
    }
    return server;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** A short-lived client to this one server (never following a cluster or a sentinel). */
  async command<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis({
      host: '127.0.0.1',
      port: this.port,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await run(client);
    } finally {
      client.disconnect();
    }
  }

  /** Kills the server outright, as a crash would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  private async answers(): Promise<boolean> {
    try {
      return (await this.command((client) => client.ping())) === 'PONG';
    } catch {
      return false;
    }
  }
}
