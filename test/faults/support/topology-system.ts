import { dataSourceOptions } from '@crm/database';
import { TestEnvironment, type TestRedisEnv } from '@crm/testing';
import { DataSource } from 'typeorm';
import { FakeProviders, STRIPE_WEBHOOK_SECRET } from '../../security/support/provider-env';
import { type RunningApps, startSystem, stopSystem } from '../../security/support/running-system';
import { paidCheckoutEvent } from '../../security/support/stripe-events';
import { type SendOutcome, StripeLikeSender } from './stripe-sender';

/**
 * The three apps as real processes on a Redis topology a test started (a cluster, Sentinel), with
 * the fake providers, their own database and a connection of the test's own to count rows.
 */
export class TopologySystem {
  private constructor(
    readonly env: TestEnvironment,
    readonly providers: FakeProviders,
    readonly apps: RunningApps,
    readonly db: DataSource,
  ) {}

  static async start(redis: TestRedisEnv, overrides: Record<string, string> = {}): Promise<TopologySystem> {
    const env = await TestEnvironment.create({ redis });
    const providers = await FakeProviders.start();
    const apps = await startSystem(env, providers, overrides);
    const db = await new DataSource(dataSourceOptions({ url: env.database.url, poolSize: 2 })).initialize();
    return new TopologySystem(env, providers, apps, db);
  }

  async count(sql: string, parameters: unknown[] = []): Promise<number> {
    const [row] = (await this.db.query(sql, parameters)) as { count: string }[];
    return Number(row?.count ?? 0);
  }

  async stop(): Promise<void> {
    await stopSystem(this.apps);
    await this.db.destroy();
    await this.providers.stop();
    await this.env.destroy();
  }
}

/** A burst of paid-checkout webhooks, each to its own donor, delivered with Stripe's retries. */
export class WebhookBurst {
  readonly events: ReturnType<typeof paidCheckoutEvent>[];

  constructor(count: number, tag: string) {
    this.events = Array.from({ length: count }, (_, n) =>
      paidCheckoutEvent(1000 + n, `donor${n}-${tag}@example.org`),
    );
  }

  get donors(): string[] {
    return this.events.map((_, n) => `donor${n}`);
  }

  deliver(
    url: string,
    senders: number,
    payloads = this.events.map((event) => event.payload),
  ): Promise<SendOutcome> {
    return new StripeLikeSender(url, STRIPE_WEBHOOK_SECRET, 60_000).deliverAll(payloads, senders);
  }

  /** Inbox rows, donations and distinct donations (by checkout session) of this burst. */
  async tally(system: {
    count: TopologySystem['count'];
  }): Promise<{ recorded: number; donations: number; distinct: number }> {
    const sessions = this.events.map((event) => event.sessionId);
    const [recorded, donations, distinct] = await Promise.all([
      system.count('SELECT count(*) FROM stripe_events WHERE id = ANY($1)', [
        this.events.map((e) => e.eventId),
      ]),
      system.count('SELECT count(*) FROM donations WHERE stripe_checkout_session_id = ANY($1)', [sessions]),
      system.count(
        'SELECT count(DISTINCT stripe_checkout_session_id) FROM donations WHERE stripe_checkout_session_id = ANY($1)',
        [sessions],
      ),
    ]);
    return { recorded, donations, distinct };
  }
}
