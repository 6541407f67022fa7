import { dataSourceOptions } from '@crm/database';
import { APP_NAMES, type AppName, AppProcess, FakeStripe, freePort, TestEnvironment } from '@crm/testing';
import { DataSource } from 'typeorm';
import { buildOnce, compiled } from '../../support/compiled';

const STRIPE_WEBHOOK_SECRET = 'whsec_console_browser_0123456789abcdef';

/**
 * The whole system as `npm start` runs it, for the browser tests: the three apps and the console
 * as processes built from this tree, against this file's database and queue prefix, with the fake
 * Stripe and no SendGrid key (so the mailer keeps mail in its dev outbox, as on a newcomer's machine).
 */
export class ConsoleSystem {
  private constructor(
    readonly environment: TestEnvironment,
    readonly stripe: FakeStripe,
    readonly apps: Record<AppName, AppProcess>,
    readonly console: AppProcess,
    readonly dataSource: DataSource,
  ) {}

  get url(): string {
    return this.console.url;
  }

  /** `env` adds to or overrides the apps' environment (e.g. a fake SendGrid, a webhook key, batch size). */
  static async start(env: Record<string, string> = {}): Promise<ConsoleSystem> {
    buildOnce();
    const environment = await TestEnvironment.create();
    const stripe = new FakeStripe();
    await stripe.start();
    const ports = Object.fromEntries(
      await Promise.all(
        [...APP_NAMES, 'console' as const].map(async (app) => [app, await freePort()] as const),
      ),
    ) as Record<AppName | 'console', number>;
    const consoleUrl = `http://127.0.0.1:${ports.console}`;
    const appEnv = environment.env({
      ...stripe.env(STRIPE_WEBHOOK_SECRET),
      PUBLIC_URL: `http://127.0.0.1:${ports.subscribers}`,
      CONSOLE_URL: consoleUrl,
      DONATIONS_PORT: String(ports.donations),
      SUBSCRIBERS_PORT: String(ports.subscribers),
      MAILER_PORT: String(ports.mailer),
      CONSOLE_WEB_DIR: compiled('console-web'),
      ...env,
    });
    const apps = Object.fromEntries(
      APP_NAMES.map((app) => [
        app,
        new AppProcess({ app, distDir: compiled(), port: ports[app], env: appEnv }),
      ]),
    ) as Record<AppName, AppProcess>;
    const consoleProcess = new AppProcess({
      app: 'console',
      distDir: compiled(),
      port: ports.console,
      env: appEnv,
    });
    const processes = [...APP_NAMES.map((app) => apps[app]), consoleProcess];
    try {
      // Four Nest apps booting at once on a busy two-core machine can take well over 30 s.
      await Promise.all(processes.map((process) => process.start({ timeoutMs: 90_000 })));
      const dataSource = await new DataSource(
        dataSourceOptions({ url: environment.database.url, poolSize: 2 }),
      ).initialize();
      return new ConsoleSystem(environment, stripe, apps, consoleProcess, dataSource);
    } catch (error) {
      // One that did not start must not leave the others running.
      await Promise.allSettled(processes.map((process) => process.stop()));
      await stripe.stop();
      await environment.destroy();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...APP_NAMES.map((app) => this.apps[app].stop()), this.console.stop()]);
    await this.dataSource.destroy();
    await this.stripe.stop();
    await this.environment.destroy();
  }
}
