import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { StaffTokens } from '@crm/auth';
import { dataSourceOptions, dropDatabase, migrateUp } from '@crm/database';
import { APP_NAMES, type AppName, AppProcess, deleteQueueKeys, freePort } from '@crm/testing';
import { DataSource } from 'typeorm';
import { PROVIDER_ROLES, type ProviderRole, type ProviderStarted } from './provider-roles';

export const LOAD_WEBHOOK_SECRET = 'whsec_bench_load_0123456789abcdef';
const LOAD_APP_SECRET = 'bench-load-app-secret-0123456789abcdef0123';

/** The dedicated database: BENCH_LOAD_DATABASE_URL, or DATABASE_URL's server with database crm_bench_load. */
function loadDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BENCH_LOAD_DATABASE_URL) return env.BENCH_LOAD_DATABASE_URL;
  const url = new URL(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = '/crm_bench_load';
  return url.toString();
}

/**
 * Everything the load run drives: a freshly migrated database of its own, the three apps as
 * production processes on free ports, and, each in a process of its own, fake Stripe, fake SendGrid
 * and a bare HTTP server as the floor.
 */
export class LoadSystem {
  private constructor(
    readonly apps: Record<AppName, AppProcess>,
    readonly db: DataSource,
    /** Fake Stripe, fake SendGrid and the bare floor, a process each (provider-process.ts). */
    private readonly providers: ChildProcess[],
    readonly bare: { url: string },
    readonly adminBearer: string,
    private readonly databaseUrl: string,
    private readonly queuePrefix: string,
  ) {}

  static async start(distDir: string): Promise<LoadSystem> {
    const databaseUrl = loadDatabaseUrl();
    await dropDatabase(databaseUrl);
    await migrateUp(databaseUrl);
    const db = await new DataSource(
      dataSourceOptions({ url: databaseUrl, poolSize: 4, applicationName: 'bench-load' }),
    ).initialize();
    const { token } = await new StaffTokens(db).create('bench-load', 'admin');
    const started = await Promise.all(PROVIDER_ROLES.map(startProvider));
    const providers = started.map(({ process }) => process);
    const providerEnv = Object.assign({}, ...started.map(({ env }) => env)) as Record<string, string>;
    const bareUrl = started[PROVIDER_ROLES.indexOf('floor')]!.url;
    const queuePrefix = `bench-load-${process.pid}`;
    const ports = Object.fromEntries(
      await Promise.all(APP_NAMES.map(async (app) => [app, await freePort()] as const)),
    ) as Record<AppName, number>;
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: queuePrefix,
      APP_SECRET: LOAD_APP_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${ports.subscribers}`,
      // All the load comes from one address: per-IP checkout limits would measure only themselves.
      CHECKOUT_IP_LIMIT: '1000000',
      // The load stands in for many visitors behind a proxy on loopback: the sign-ups' X-Forwarded-For
      // spreads them over addresses, as on a real site, with the per-IP limit still in force.
      TRUST_PROXY: 'loopback',
      ...providerEnv,
    };
    const apps = Object.fromEntries(
      APP_NAMES.map((app) => [app, new AppProcess({ app, distDir, port: ports[app], env })]),
    ) as Record<AppName, AppProcess>;
    await Promise.all(APP_NAMES.map((app) => apps[app].start({ timeoutMs: 60_000 })));
    return new LoadSystem(apps, db, providers, { url: bareUrl }, `Bearer ${token}`, databaseUrl, queuePrefix);
  }

  static distDir(): string {
    return join(__dirname, '..', '..');
  }

  async stop(): Promise<void> {
    await Promise.all(APP_NAMES.map((app) => this.apps[app].stop()));
    await this.db.destroy();
    await Promise.all(
      this.providers.map(async (provider) => {
        const exited = once(provider, 'exit');
        provider.stdin?.end();
        await exited;
      }),
    );
    await deleteQueueKeys(this.queuePrefix);
    await dropDatabase(this.databaseUrl);
  }
}

async function startProvider(role: ProviderRole): Promise<ProviderStarted & { process: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, 'provider-process.js'), role, LOAD_WEBHOOK_SECRET], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the ${role} stand-in exited (${String(code)}) before it started`);
  });
  const [line] = (await Promise.race([once(createInterface({ input: child.stdout! }), 'line'), exited])) as [
    string,
  ];
  exited.catch(() => undefined);
  return { ...(JSON.parse(line) as ProviderStarted), process: child };
}
