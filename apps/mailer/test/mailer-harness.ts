import {
  mailerDispatchQueue,
  QueueProducer,
  type QueueContract,
  closeQueueConnection,
  queueKeyPrefix,
  transactionalMailQueue,
} from '@crm/queues';
import {
  type BootedApp,
  bootApp,
  FakeSendGrid,
  staffBearer,
  TestEnvironment,
  type TestRedisEnv,
} from '@crm/testing';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadMailerConfig } from '../src/config/mailer.config';
import { MailerModule } from '../src/mailer.module';

export interface SupporterSeed {
  email: string;
  firstName?: string | null;
  subscription?: 'subscribed' | 'pending' | 'unsubscribed' | 'bounced' | 'complained' | null;
  confirmed?: boolean;
  tags?: string[];
}

/** One mailer app on its own database and queue prefix, with SendGrid replaced by a local fake. */
export class MailerHarness {
  private readonly queues: Queue[] = [];
  private readonly connection: ReturnType<TestEnvironment['queueConnection']>;

  private constructor(
    readonly env: TestEnvironment,
    readonly sendgrid: FakeSendGrid,
    readonly booted: BootedApp,
  ) {
    this.connection = env.queueConnection();
  }

  /**
   * `transport: 'outbox'` boots without `SENDGRID_API_KEY`, so mail goes to the dev outbox;
   * `redis`: the Redis variables to run on (a cluster, Sentinel); the shared test server by default.
   */
  static async start(
    options: { transport?: 'sendgrid' | 'outbox'; env?: Record<string, string>; redis?: TestRedisEnv } = {},
  ): Promise<MailerHarness> {
    const env = await TestEnvironment.create({ redis: options.redis });
    const sendgrid = await new FakeSendGrid().start();
    const transportEnv = options.transport === 'outbox' ? {} : sendgrid.env();
    const config = loadMailerConfig(
      env.env({ ...transportEnv, SENDGRID_TIMEOUT_MS: '2000', ...options.env }),
    );
    const booted = await bootApp(config, MailerModule.forRoot);
    return new MailerHarness(env, sendgrid, booted);
  }

  get url(): string {
    return this.booted.url;
  }

  get dataSource(): DataSource {
    return this.booted.app.get(DataSource);
  }

  bearer(role: 'admin' | 'comms' | 'viewer' | 'fundraising' = 'comms'): Promise<string> {
    return staffBearer(this.dataSource, role, `${role}-${Math.random().toString(36).slice(2)}`);
  }

  producer<Q extends QueueContract>(contract: Q): QueueProducer<Q> {
    const queue = new Queue(contract.name, {
      connection: this.connection,
      prefix: queueKeyPrefix(this.env.queuePrefix),
      defaultJobOptions: contract.defaultJobOptions,
    });
    this.queues.push(queue);
    return new QueueProducer(contract, queue);
  }

  transactional(): QueueProducer<typeof transactionalMailQueue> {
    return this.producer(transactionalMailQueue);
  }

  dispatch(): QueueProducer<typeof mailerDispatchQueue> {
    return this.producer(mailerDispatchQueue);
  }

  async seedSupporter(seed: SupporterSeed): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO supporters (email, email_normalised, first_name, tags) VALUES ($1, lower($1), $2, $3) RETURNING id`,
      [seed.email, seed.firstName ?? null, seed.tags ?? []],
    )) as { id: string }[];
    const status = seed.subscription === undefined ? 'subscribed' : seed.subscription;
    if (status) {
      await this.dataSource.query(
        `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, $2, $3)`,
        [row!.id, status, seed.confirmed === false ? null : new Date()],
      );
    }
    return row!.id;
  }

  /** A saved segment; by default everyone tagged `newsletter`. */
  async seedSegment(
    rules: unknown = { field: 'tags', op: 'contains', value: 'newsletter' },
  ): Promise<string> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO segments (name, rules) VALUES ($1, $2) RETURNING id`,
      [`segment-${Math.random().toString(36).slice(2)}`, JSON.stringify(rules)],
    )) as { id: string }[];
    return row!.id;
  }

  /** Recipient emails of every request the fake accepted, one entry per personalization. */
  sentTo(): string[] {
    return this.sendgrid.accepted.flatMap((body) => body.personalizations.map((p) => p.to[0]!.email));
  }

  async stop(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
    await closeQueueConnection(this.connection);
    await this.booted.close();
    await this.sendgrid.stop();
    await this.env.destroy();
  }
}
