import { QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { type BootedApp, bootApp, TestEnvironment, waitFor } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('bounce, complaint and unsubscribe facts from the mailer', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let queue: Queue;
  let producer: QueueProducer<typeof subscribersEventsQueue>;

  const subscribed = async (email: string): Promise<string> => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised) VALUES ($1, $1) RETURNING id`,
      [email],
    )) as { id: string }[];
    await db.query(`INSERT INTO newsletter_subscriptions (supporter_id, status) VALUES ($1, 'subscribed')`, [
      id,
    ]);
    return id;
  };
  const processed = async (jobId: string) =>
    waitFor(async () => (await queue.getJob(jobId))?.isCompleted(), { what: `job ${jobId}` });
  const state = async (supporterId: string) => ({
    status: (
      (await db.query(`SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`, [
        supporterId,
      ])) as {
        status: string;
      }[]
    )[0]?.status,
    ledger: (await db.query(`SELECT kind, source FROM consent_events WHERE supporter_id = $1 ORDER BY id`, [
      supporterId,
    ])) as { kind: string; source: string }[],
  });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    queue = booted.app.get<Queue>(getQueueToken(subscribersEventsQueue.name));
    producer = new QueueProducer(subscribersEventsQueue, queue);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it.each(['bounced', 'complained', 'unsubscribed'] as const)(
    'records %s once and stops newsletter mail',
    async (kind) => {
      const id = await subscribed(`${kind}@example.org`);
      const fact = {
        email: `${kind.toUpperCase()}@example.org`,
        kind,
        occurredAt: '2026-11-01T10:00:00.000Z',
        source: 'sendgrid',
      };
      await producer.add('record-mail-feedback', fact, { jobId: `feedback-${kind}-1` });
      await producer.add('record-mail-feedback', fact, { jobId: `feedback-${kind}-2` });
      await processed(`feedback-${kind}-1`);
      await processed(`feedback-${kind}-2`);
      expect(await state(id)).toEqual({ status: kind, ledger: [{ kind, source: 'sendgrid' }] });
    },
  );

  it('ignores feedback about an address it does not know', async () => {
    const supporterCount = async () =>
      ((await db.query(`SELECT count(*)::int AS count FROM supporters`)) as { count: number }[])[0]!.count;
    const before = await supporterCount();
    await producer.add(
      'record-mail-feedback',
      {
        email: 'stranger@example.org',
        kind: 'bounced',
        occurredAt: '2026-11-01T10:00:00.000Z',
        source: 'sendgrid',
      },
      { jobId: 'feedback-stranger' },
    );
    await processed('feedback-stranger');
    expect(await supporterCount()).toBe(before);
    expect(
      await db.query(`SELECT 1 FROM supporters WHERE email_normalised = 'stranger@example.org'`),
    ).toEqual([]);
  });
});
