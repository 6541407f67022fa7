import {
  donationsEventsQueue,
  closeQueueConnection,
  queueKeyPrefix,
  subscribersEventsQueue,
  transactionalMailQueue,
} from '@crm/queues';
import {
  type BootedApp,
  bootApp,
  FakeStripe,
  signedDelivery,
  stripeForm,
  type StripeTestEvent,
  TestEnvironment,
  type TestRedisEnv,
  waitFor,
} from '@crm/testing';
import { type Job, Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { runSql, runSqlOne, sql } from '@crm/sql';
import type { DonationFrequency, DonationStatus } from '@crm/entities';
import { loadDonationsConfig } from '../src/config/donations.config';
import { DonationsModule } from '../src/donations.module';
import { stripeEventJobId } from '../src/stripe-webhook/stripe-inbox.service';

export const TEST_WEBHOOK_SECRET = 'whsec_test_donations_0123456789';

/** A row of `donations` as stored, column for column: what the tests assert on. */
export interface DonationRecord {
  id: string;
  supporter_id: string | null;
  email: string | null;
  donor_name: string | null;
  donor_forgotten_at: Date | null;
  amount: number;
  fee_amount: number;
  currency: string;
  frequency: DonationFrequency;
  status: DonationStatus;
  refunded_amount: number;
  dispute_status: string | null;
  campaign: string | null;
  stripe_checkout_session_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_invoice_id: string | null;
  stripe_charge_id: string | null;
  stripe_subscription_id: string | null;
  recurring_donation_id: string | null;
  gift_aid_declaration_id: string | null;
  paid_at: Date | null;
  notified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The donations app booted whole against its own database and queue prefix, with Stripe's API
 * answered by a local fake; the subscribers and mailer queues are only watched, not consumed.
 */
export class DonationsHarness {
  readonly dataSource: DataSource;
  private readonly queues = new Map<string, Queue>();
  private readonly connection: ReturnType<TestEnvironment['queueConnection']>;

  private constructor(
    readonly env: TestEnvironment,
    readonly stripe: FakeStripe,
    readonly app: BootedApp,
  ) {
    this.dataSource = app.app.get(DataSource);
    this.connection = env.queueConnection();
  }

  /** `redis`: the Redis variables to run on (a cluster, Sentinel); the shared test server by default. */
  static async start(
    overrides: Record<string, string | undefined> = {},
    { redis }: { redis?: TestRedisEnv } = {},
  ): Promise<DonationsHarness> {
    const env = await TestEnvironment.create({ redis });
    const stripe = await new FakeStripe().start();
    // Suites start many checkouts from one address; the one testing the limit sets its own.
    const config = loadDonationsConfig(
      env.env({ CHECKOUT_IP_LIMIT: '10000', ...stripe.env(TEST_WEBHOOK_SECRET), ...overrides }),
    );
    const app = await bootApp(config, DonationsModule.forRoot);
    return new DonationsHarness(env, stripe, app);
  }

  get url(): string {
    return this.app.url;
  }

  deliver(event: StripeTestEvent, timestamp?: number): request.Test {
    const { body, headers } = signedDelivery(event, TEST_WEBHOOK_SECRET, timestamp);
    return request(this.url).post('/webhooks/stripe').set(headers).send(body);
  }

  /** Delivers each event (in the order given) and waits until all are processed. */
  async process(...events: StripeTestEvent[]): Promise<void> {
    for (const event of events) await this.deliver(event).expect(200);
    await this.waitProcessed(events);
  }

  async waitProcessed(events: StripeTestEvent[]): Promise<void> {
    const queue = this.queue(donationsEventsQueue.name);
    await waitFor(
      async () => {
        for (const event of events) {
          const job = await queue.getJob(stripeEventJobId(event.id));
          if (!job || !(await job.isCompleted())) return false;
        }
        return true;
      },
      { what: 'Stripe events to be processed' },
    );
  }

  /** The metadata the last Checkout Session was created with, as Stripe hands it back on the session. */
  lastSessionMetadata(): Record<string, string> {
    const created = this.stripe.requestsTo('POST', '/v1/checkout/sessions').at(-1);
    if (!created) throw new Error('No Checkout Session was created');
    const metadata: Record<string, string> = {};
    for (const [key, value] of stripeForm(created)) {
      const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
      if (name) metadata[name] = value;
    }
    return metadata;
  }

  async donations(): Promise<DonationRecord[]> {
    const { rows } = await runSql<DonationRecord>(
      this.dataSource,
      sql`SELECT * FROM donations ORDER BY paid_at, created_at, id`,
    );
    return rows;
  }

  /** The donations whose `column` (a Stripe id, say) holds `value`. */
  async donationsFor(column: keyof DonationRecord, value: string): Promise<DonationRecord[]> {
    return (await this.donations()).filter((row) => row[column] === value);
  }

  async storedEventCount(): Promise<number> {
    const row = await runSqlOne<{ count: number }>(
      this.dataSource,
      sql`SELECT count(*)::int AS count FROM stripe_events`,
    );
    return row?.count ?? 0;
  }

  /** Jobs waiting in another app's queue (nothing consumes them in these tests). */
  async jobsIn(
    queueName: typeof subscribersEventsQueue.name | typeof transactionalMailQueue.name,
  ): Promise<Job[]> {
    return this.queue(queueName).getJobs(['waiting', 'delayed', 'prioritized']);
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: queueKeyPrefix(this.env.queuePrefix),
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await this.app.close();
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await closeQueueConnection(this.connection);
    await this.stripe.stop();
    await this.env.destroy();
  }
}
