import { dataSourceOptions } from '@crm/database';
import { TestEnvironment } from '@crm/testing';
import { DataSource } from 'typeorm';
import { FakeProviders } from '../../security/support/provider-env';
import { type RunningApps, startSystem, stopSystem } from '../../security/support/running-system';
import { DatabaseOutage } from './database-outage';
import { PrivateRedis } from './private-redis';
import { TcpGate } from './tcp-gate';

/** FAULTS_LONG=1 runs every scenario bigger and longer; the default is the short CI version. */
export const LONG = process.env.FAULTS_LONG === '1';

/**
 * One scenario's world: its own database, its own Redis server, the fake providers and the three
 * apps as processes, plus a connection of the test's own to count rows.
 */
export class FaultSystem {
  private constructor(
    readonly env: TestEnvironment,
    readonly providers: FakeProviders,
    readonly redis: PrivateRedis,
    readonly apps: RunningApps,
    readonly db: DataSource,
    /** Between the mailer and the fake SendGrid: close it to make SendGrid unreachable. */
    readonly sendgridGate: TcpGate,
  ) {}

  static async start(
    overrides: Record<string, string> = {},
    { redisPersistent = true } = {},
  ): Promise<FaultSystem> {
    const env = await TestEnvironment.create();
    const providers = await FakeProviders.start();
    const redis = await PrivateRedis.start({ persistent: redisPersistent });
    const sendgridGate = await TcpGate.open(providers.sendgrid.url);
    const apps = await startSystem(env, providers, {
      REDIS_URL: redis.url,
      SENDGRID_API_URL: sendgridGate.url,
      ...overrides,
    });
    const db = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 2 })).initialize();
    return new FaultSystem(env, providers, redis, apps, db, sendgridGate);
  }

  /** Cuts this scenario's database off (connections refused and killed), not the shared server. */
  databaseOutage(): DatabaseOutage {
    return new DatabaseOutage(this.env.database.name);
  }

  async count(sql: string, parameters: unknown[] = []): Promise<number> {
    const [row] = (await this.db.query(sql, parameters)) as { count: string }[];
    return Number(row?.count ?? 0);
  }

  async stop(): Promise<void> {
    await stopSystem(this.apps);
    await this.db.destroy();
    await this.redis.destroy();
    await this.sendgridGate.close();
    await this.providers.stop();
    await this.env.destroy();
  }
}
