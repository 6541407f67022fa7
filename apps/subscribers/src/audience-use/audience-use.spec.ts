import { QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { type BootedApp, bootApp, TestEnvironment, waitFor } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('which campaigns rely on an audience, from the mailer', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let producer: QueueProducer<typeof subscribersEventsQueue>;
  let queue: Queue;

  const send = async (fact: { campaignId: string; segmentId: string; inUse: boolean; version: number }) => {
    const jobId = `audience-use-${fact.campaignId}-${fact.version}`;
    await producer.add('record-audience-use', { ...fact, campaignName: 'June appeal' }, { jobId });
    await waitFor(async () => (await queue.getJob(jobId))?.isCompleted(), { what: `job ${jobId}` });
  };
  const stored = async (campaignId: string) =>
    (await db.query(`SELECT segment_id, in_use, version::int FROM segment_uses WHERE campaign_id = $1`, [
      campaignId,
    ])) as { segment_id: string; in_use: boolean; version: number }[];

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

  it('keeps the newest fact per campaign, whatever order the jobs arrive in', async () => {
    const campaignId = randomUUID();
    const [first, second] = [randomUUID(), randomUUID()];
    await send({ campaignId, segmentId: first, inUse: true, version: 1 });
    await send({ campaignId, segmentId: second, inUse: true, version: 3 });
    await send({ campaignId, segmentId: first, inUse: false, version: 2 });
    expect(await stored(campaignId)).toEqual([{ segment_id: second, in_use: true, version: 3 }]);
    await send({ campaignId, segmentId: second, inUse: false, version: 4 });
    expect(await stored(campaignId)).toEqual([{ segment_id: second, in_use: false, version: 4 }]);
  });

  it('is unchanged by the same fact delivered twice', async () => {
    const campaignId = randomUUID();
    const segmentId = randomUUID();
    await send({ campaignId, segmentId, inUse: true, version: 0 });
    const before = (await db.query(`SELECT updated_at FROM segment_uses WHERE campaign_id = $1`, [
      campaignId,
    ])) as unknown[];
    await producer.add(
      'record-audience-use',
      { campaignId, segmentId, inUse: true, version: 0, campaignName: 'June appeal' },
      { jobId: `audience-use-${campaignId}-0-again` },
    );
    await waitFor(async () => (await queue.getJob(`audience-use-${campaignId}-0-again`))?.isCompleted(), {
      what: 'repeat',
    });
    expect(
      await db.query(`SELECT updated_at FROM segment_uses WHERE campaign_id = $1`, [campaignId]),
    ).toEqual(before);
  });
});
