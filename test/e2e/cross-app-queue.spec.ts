import {
  donationsEventsQueue,
  queueKeyPrefix,
  QueueProducer,
  redisOptionsFromUrl,
  subscribersEventsQueue,
} from '@crm/queues';
import { type BootedApp, bootApp, TEST_REDIS_URL, TestEnvironment, waitFor } from '@crm/testing';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

/**
 * A job produced on one app's side travels over real Redis to the subscribers app, and a fact
 * delivered twice (two job ids, as after a producer retry) has one effect.
 */
describe('donations → subscribers over a real queue', () => {
  let env: TestEnvironment;
  let subscribers: BootedApp;
  let db: DataSource;
  let toSubscribers: Queue;
  let donationsQueue: Queue;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    subscribers = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = subscribers.app.get(DataSource);
    const queueOptions = {
      connection: redisOptionsFromUrl(TEST_REDIS_URL),
      prefix: queueKeyPrefix(env.queuePrefix),
    };
    toSubscribers = new Queue(subscribersEventsQueue.name, queueOptions);
    donationsQueue = new Queue(donationsEventsQueue.name, queueOptions);
  });
  afterAll(async () => {
    await toSubscribers.close();
    await donationsQueue.close();
    await subscribers.close();
    await env.destroy();
  });

  it('creates one supporter without consent for a donor delivered twice and tells donations once', async () => {
    const producer = new QueueProducer(subscribersEventsQueue, toSubscribers);
    const donationId = randomUUID();
    const donor = { email: 'Donor@Example.org', name: 'Dee Donor', donationId };
    await producer.add('record-donor', donor, { jobId: `donor-${donationId}` });
    await producer.add('record-donor', donor, { jobId: `donor-${donationId}-redelivered` });

    const link = await waitFor(
      async () => {
        const jobs = await donationsQueue.getJobs(['waiting', 'delayed']);
        return jobs.find((job) => job.name === 'link-supporter');
      },
      { what: 'a link-supporter job on the donations queue' },
    );
    await waitFor(async () => (await toSubscribers.getJobCounts('completed')).completed === 2, {
      what: 'both deliveries processed',
    });

    const supporters = (await db.query(
      `SELECT id, email, first_name, last_name, source FROM supporters WHERE email_normalised = 'donor@example.org'`,
    )) as { id: string }[];
    expect(supporters).toEqual([
      {
        id: expect.any(String),
        email: 'Donor@example.org',
        first_name: 'Dee',
        last_name: 'Donor',
        source: 'donation',
      },
    ]);
    expect(link.data).toEqual({ supporterId: supporters[0]!.id, donationId });
    expect(
      (await donationsQueue.getJobs(['waiting', 'delayed'])).filter((job) => job.name === 'link-supporter'),
    ).toHaveLength(1);
    const [{ subscriptions }] = (await db.query(
      `SELECT count(*)::int AS subscriptions FROM newsletter_subscriptions WHERE supporter_id = $1`,
      [supporters[0]!.id],
    )) as { subscriptions: number }[];
    expect(subscriptions).toBe(0);
  });
});
