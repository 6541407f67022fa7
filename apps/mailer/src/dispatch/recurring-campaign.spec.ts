import { waitFor } from '@crm/testing';
import { getNextMillis } from 'bullmq';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { RecurringTimeZoneService } from './recurring-time-zone.service';

describe('recurring campaigns', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  it('schedules a cron, turns each run into its own sent instance once, and stops on cancel', async () => {
    const comms = await harness.bearer('comms');
    await harness.seedSupporter({ email: 'monthly@example.org', tags: ['newsletter'] });
    const segmentId = await harness.seedSegment();
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({
        name: 'Monthly',
        subject: 'Monthly news',
        markdown: 'Hello',
        segmentId,
        cron: '0 9 1 * *',
        tracking: { opens: false },
      })
      .expect(201);
    expect(created.body.status).toBe('scheduled');
    const queue = harness.dispatch().queue;
    expect(await queue.getJobScheduler(`recurring-${created.body.id}`)).toMatchObject({
      pattern: '0 9 1 * *',
    });

    // What the scheduler does on the 1st of the month, twice for the same run (e.g. after a restart).
    for (const jobId of ['run-a', 'run-b']) {
      await harness.dispatch().add('run-recurring-campaign', { campaignId: created.body.id }, { jobId });
    }
    const instance = await waitFor(async () => {
      const list = await request(harness.url)
        .get('/campaigns')
        .query({ status: 'sent' })
        .set('Authorization', comms);
      return list.body.items.find(
        (c: { parentCampaignId: string }) => c.parentCampaignId === created.body.id,
      );
    });
    expect(instance.name).toMatch(/^Monthly \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}\)$/);
    await waitFor(async () => (await queue.getJobState('run-b')) === 'completed');
    const instances = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM campaigns WHERE parent_campaign_id = $1`,
      [created.body.id],
    )) as { n: number }[];
    expect(instances[0]!.n).toBe(1);
    expect(harness.sentTo()).toEqual(['monthly@example.org']);
    // Each run is sent with the tracking its recurring campaign was given.
    expect(instance.tracking).toEqual({ opens: false, clicks: true });
    expect(harness.sendgrid.accepted[0]!.tracking_settings).toEqual({
      open_tracking: { enable: false },
      click_tracking: { enable: true },
    });

    await request(harness.url)
      .post(`/campaigns/${created.body.id}/cancel`)
      .set('Authorization', comms)
      .expect(200);
    expect(await queue.getJobScheduler(`recurring-${created.body.id}`)).toBeUndefined();
  });

  it('runs the cron on UK time, so "every Monday at 09:00" stays at 09:00 across both clock changes', async () => {
    const comms = await harness.bearer('comms');
    const segmentId = await harness.seedSegment();
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: 'Weekly', subject: 'Weekly news', markdown: 'Hello', segmentId, cron: '0 9 * * 1' })
      .expect(201);
    const scheduler = await harness.dispatch().queue.getJobScheduler(`recurring-${created.body.id}`);
    expect(scheduler).toMatchObject({ pattern: '0 9 * * 1', tz: 'Europe/London' });
    // The fire times BullMQ computes from what it stored, from a Saturday before each change.
    const runs = (from: string): string[] => {
      const out: string[] = [];
      let at = Date.parse(from);
      for (let i = 0; i < 3; i++) {
        at = getNextMillis(at, { pattern: scheduler!.pattern!, tz: scheduler!.tz! })!;
        out.push(new Date(at).toISOString());
      }
      return out;
    };
    // Clocks go forward on Sunday 28/03/2027: 09:00 GMT, then 09:00 BST (08:00 UTC).
    expect(runs('2027-03-20T12:00:00Z')).toEqual([
      '2027-03-22T09:00:00.000Z',
      '2027-03-29T08:00:00.000Z',
      '2027-04-05T08:00:00.000Z',
    ]);
    // Clocks go back on Sunday 31/10/2027: 09:00 BST (08:00 UTC), then 09:00 GMT.
    expect(runs('2027-10-23T12:00:00Z')).toEqual([
      '2027-10-25T08:00:00.000Z',
      '2027-11-01T09:00:00.000Z',
      '2027-11-08T09:00:00.000Z',
    ]);
  });

  it('refuses a cron whose runs in UK time could mail everyone again within the hour', async () => {
    const comms = await harness.bearer('comms');
    const segmentId = await harness.seedSegment();
    const refused = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: 'Too often', subject: 'News', markdown: 'Hello', segmentId, cron: '0,30 9 * * 1' })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('cron');
  });

  it('on start-up re-registers a recurring campaign whose scheduler still runs its cron on UTC', async () => {
    const comms = await harness.bearer('comms');
    const segmentId = await harness.seedSegment();
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: 'Older', subject: 'News', markdown: 'Hello', segmentId, cron: '0 9 * * 1' })
      .expect(201);
    const queue = harness.dispatch().queue;
    const schedulerId = `recurring-${created.body.id}`;
    // As a mailer before this rule registered it.
    await queue.upsertJobScheduler(
      schedulerId,
      { pattern: '0 9 * * 1', tz: 'UTC' },
      { name: 'run-recurring-campaign', data: { campaignId: created.body.id } },
    );
    await harness.booted.app.get(RecurringTimeZoneService).onApplicationBootstrap();
    expect(await queue.getJobScheduler(schedulerId)).toMatchObject({
      pattern: '0 9 * * 1',
      tz: 'Europe/London',
    });
  });
});
