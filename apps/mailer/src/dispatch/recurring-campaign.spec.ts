import { waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

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
});
