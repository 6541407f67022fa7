import { waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

describe('mailer dashboard', () => {
  let harness: MailerHarness;
  let segmentId: string;

  beforeAll(async () => {
    harness = await MailerHarness.start();
    segmentId = await harness.seedSegment();
  });
  afterAll(async () => {
    await harness.stop();
  });

  const campaign = async (name: string, status: string, finishedAt: string | null): Promise<string> =>
    (
      (await harness.dataSource.query(
        `INSERT INTO campaigns (name, subject, markdown, segment_id, status, finished_at)
         VALUES ($1, 's', 'm', $2, $3, $4) RETURNING id`,
        [name, segmentId, status, finishedAt],
      )) as { id: string }[]
    )[0]!.id;
  const recipients = async (campaignId: string, statuses: string[]): Promise<void> => {
    for (const [n, status] of statuses.entries()) {
      const supporterId = await harness.seedSupporter({ email: `r${n}-${campaignId}@example.org` });
      await harness.dataSource.query(
        `INSERT INTO campaign_recipients (campaign_id, supporter_id, email, status) VALUES ($1, $2, 'x@example.org', $3)`,
        [campaignId, supporterId, status],
      );
    }
  };
  const batches = (campaignId: string, statuses: string[]) =>
    harness.dataSource.query(
      `INSERT INTO campaign_batches (campaign_id, seq, status, recipient_count)
       SELECT $1, n - 1, status, 10 FROM unnest($2::text[]) WITH ORDINALITY AS b(status, n)`,
      [campaignId, statuses],
    );

  it('shows nothing sent and nothing wrong on a new install', async () => {
    const { body } = await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await harness.bearer('viewer'))
      .expect(200);
    expect(body).toEqual({
      lastSentCampaign: null,
      campaignsWithProblems: { count: 0, campaigns: [] },
      failedJobs: {
        total: 0,
        queues: [
          { queue: 'mailer-dispatch', failed: 0 },
          { queue: 'mailer-transactional', failed: 0 },
        ],
      },
    });
  });

  it('gives the last sent campaign with its counts, campaigns with uncertain or failed batches, and failed jobs', async () => {
    const older = await campaign('Spring appeal', 'sent', '2026-03-01T10:00:00Z');
    await recipients(older, ['sent', 'sent']);
    const last = await campaign('Summer news', 'sent', '2026-06-01T10:00:00Z');
    await recipients(last, ['sent', 'delivered', 'opened', 'clicked', 'bounced', 'queued']);
    await batches(last, ['sent', 'sent']);
    const uncertain = await campaign('Autumn appeal', 'sending', null);
    await batches(uncertain, ['sent', 'uncertain', 'uncertain', 'failed']);
    const failed = await campaign('Winter news', 'failed', '2026-11-01T10:00:00Z');
    await batches(failed, ['failed']);
    await campaign('Draft', 'draft', null);
    // A job the mailer cannot do (its payload breaks the contract) fails once and is kept.
    const dispatch = harness.dispatch().queue;
    await dispatch.add('send-batch', { nonsense: true }, { attempts: 1 });
    await waitFor(async () => ((await dispatch.getFailedCount()) === 1 ? true : null), {
      timeoutMs: 10_000,
      what: 'the broken job to fail',
    });

    const { body } = await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await harness.bearer('comms'))
      .expect(200);

    expect(body).toEqual({
      lastSentCampaign: {
        id: last,
        name: 'Summer news',
        finishedAt: '2026-06-01T10:00:00.000Z',
        sent: 5,
        opened: 2,
        clicked: 1,
      },
      campaignsWithProblems: {
        count: 2,
        campaigns: [
          { id: failed, name: 'Winter news', status: 'failed', uncertainBatches: 0, failedBatches: 1 },
          { id: uncertain, name: 'Autumn appeal', status: 'sending', uncertainBatches: 2, failedBatches: 1 },
        ],
      },
      failedJobs: {
        total: 1,
        queues: [
          { queue: 'mailer-dispatch', failed: 1 },
          { queue: 'mailer-transactional', failed: 0 },
        ],
      },
    });
  });

  it('refuses a role without campaigns:read and a request without a token', async () => {
    await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await harness.bearer('fundraising'))
      .expect(403);
    await request(harness.url).get('/dashboard').expect(401);
  });
});
