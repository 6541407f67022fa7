import { subscribersEventsQueue } from '@crm/queues';
import { waitFor } from '@crm/testing';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { AudienceUsePublisher } from './audience-use.publisher';

interface AudienceUse {
  campaignId: string;
  campaignName: string;
  segmentId: string;
  inUse: boolean;
  version: number;
}

/** The mailer tells the subscribers app which campaigns rely on which audience, in order. */
describe('record-audience-use', () => {
  let harness: MailerHarness;
  let comms: string;
  let segmentId: string;
  let queue: Queue;

  /** The record-audience-use jobs queued for a campaign, by version. */
  const usesOf = async (campaignId: string): Promise<AudienceUse[]> => {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    return jobs
      .filter(
        (job) => job.name === 'record-audience-use' && job.id?.startsWith(`audience-use-${campaignId}-`),
      )
      .map((job) => {
        expect(job.id).toBe(`audience-use-${campaignId}-${(job.data as AudienceUse).version}`);
        return job.data as AudienceUse;
      })
      .sort((a, b) => a.version - b.version);
  };
  const inUseSteps = async (campaignId: string): Promise<[boolean, string][]> =>
    (await usesOf(campaignId)).map((use) => [use.inUse, use.segmentId]);
  const create = async (body: Record<string, unknown>): Promise<string> =>
    (
      await request(harness.url)
        .post('/campaigns')
        .set('Authorization', comms)
        .send({ name: 'Autumn appeal', subject: 'Hi', html: '<p>Hi</p>', segmentId, ...body })
        .expect(201)
    ).body.id as string;
  const patch = (id: string, body: Record<string, unknown>) =>
    request(harness.url).patch(`/campaigns/${id}`).set('Authorization', comms).send(body).expect(200);
  const status = async (id: string): Promise<string> =>
    (await request(harness.url).get(`/campaigns/${id}`).set('Authorization', comms)).body.status as string;

  beforeAll(async () => {
    harness = await MailerHarness.start();
    comms = await harness.bearer('comms');
    segmentId = await harness.seedSegment();
    await harness.seedSupporter({ email: 'autumn@example.org', tags: ['newsletter'] });
    queue = harness.producer(subscribersEventsQueue).queue;
  });
  afterAll(() => harness.stop());

  it('a draft relies on nothing; scheduling, another audience and unscheduling each say so, in order', async () => {
    const other = await harness.seedSegment({ field: 'tags', op: 'contains', value: 'donor' });
    const id = await create({});
    expect(await usesOf(id)).toEqual([]);
    await patch(id, { scheduledAt: new Date(Date.now() + 86_400_000).toISOString() });
    await patch(id, { subject: 'Hello' }); // no change in what it relies on: nothing new
    await patch(id, { segmentId: other });
    await patch(id, { scheduledAt: null });
    expect(await usesOf(id)).toEqual([
      { campaignId: id, campaignName: 'Autumn appeal', segmentId, inUse: true, version: 1 },
      { campaignId: id, campaignName: 'Autumn appeal', segmentId: other, inUse: true, version: 2 },
      { campaignId: id, campaignName: 'Autumn appeal', segmentId: other, inUse: false, version: 3 },
    ]);
  });

  it('a recurring email relies on its audience until cancelled', async () => {
    const id = await create({ name: 'Weekly news', cron: '0 9 * * 1' });
    await request(harness.url).post(`/campaigns/${id}/cancel`).set('Authorization', comms).expect(200);
    expect(await inUseSteps(id)).toEqual([
      [true, segmentId],
      [false, segmentId],
    ]);
  });

  it('an email sent now relies on its audience until it has been sent', async () => {
    const id = await create({ name: 'Sent now' });
    await request(harness.url).post(`/campaigns/${id}/send`).set('Authorization', comms).expect(202);
    await waitFor(async () => (await status(id)) === 'sent');
    await waitFor(async () => (await usesOf(id)).length === 2);
    expect(await inUseSteps(id)).toEqual([
      [true, segmentId],
      [false, segmentId],
    ]);
  });

  it('queues at start-up a change recorded but never queued (the process stopped in between)', async () => {
    const id = await create({ name: 'Interrupted' });
    // As if the process died after numbering the change and before queueing it.
    await harness.dataSource.query(
      `UPDATE campaigns SET status = 'scheduled', scheduled_at = now() + interval '1 day', audience_in_use = true,
              audience_segment_id = segment_id, audience_version = audience_version + 1 WHERE id = $1`,
      [id],
    );
    expect(await usesOf(id)).toEqual([]);
    await harness.booted.app.get(AudienceUsePublisher).onApplicationBootstrap();
    expect(await inUseSteps(id)).toEqual([[true, segmentId]]);
    // Queued once: a second start finds nothing left to queue.
    await harness.booted.app.get(AudienceUsePublisher).onApplicationBootstrap();
    expect(await usesOf(id)).toHaveLength(1);
  });
});
