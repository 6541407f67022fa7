import { waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { OwnCampaign } from '../../test/own-campaign';
import { BatchLedger, type ClaimedBatch } from '../dispatch/batch-ledger';
import type { NotificationPageDto } from './dto/notification.dto';

describe('GET /notifications', () => {
  let harness: MailerHarness;
  let viewer: string;

  const poll = async (after?: string): Promise<NotificationPageDto> =>
    (
      await request(harness.url)
        .get('/notifications')
        .query(after === undefined ? {} : { after })
        .set('Authorization', viewer)
        .expect(200)
    ).body as NotificationPageDto;
  const storedFor = async (campaignId: string): Promise<number> =>
    (
      (await harness.dataSource.query(
        `SELECT count(*)::int AS n FROM campaign_notifications WHERE campaign_id = $1`,
        [campaignId],
      )) as { n: number }[]
    )[0]!.n;

  beforeAll(async () => {
    harness = await MailerHarness.start();
    viewer = await harness.bearer('viewer');
  });
  afterAll(() => harness.stop());

  it('says when an email was sent, to how many people, and answers nothing new after its cursor', async () => {
    const first = await poll();
    expect(first).toEqual({ items: [], nextCursor: null });
    const campaign = await OwnCampaign.create(harness, 'June appeal', [
      'june1@example.org',
      'june2@example.org',
      'june3@example.org',
    ]);
    await campaign.post('send');
    await campaign.reach();
    const page = await waitFor(async () => {
      const answered = await poll();
      return answered.items.length > 0 ? answered : null;
    });
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        kind: 'sent',
        campaignId: campaign.id,
        campaignName: 'June appeal',
        message: '“June appeal” was sent to 3 people',
        createdAt: expect.any(String),
      },
    ]);
    expect(page.nextCursor).toBe(page.items[0]!.id);
    expect(await poll(page.nextCursor!)).toEqual({ items: [], nextCursor: page.nextCursor });
  });

  it('says a batch needs attention and the email failed, once each, then sent after the retry', async () => {
    const before = (await poll()).nextCursor!;
    const campaign = await OwnCampaign.create(harness, 'Refused', [
      'refused1@example.org',
      'refused2@example.org',
    ]);
    harness.sendgrid.script({ status: 400, body: { errors: [{ message: 'bad request' }] } });
    await campaign.post('send');
    await campaign.reach((state) => state.status === 'failed');
    const failed = await poll(before);
    expect(failed.items.map((item) => [item.kind, item.message])).toEqual([
      ['failed', '“Refused” could not be sent: nobody received it'],
      ['needs_attention', '“Refused” needs attention: some emails failed or may not have reached SendGrid'],
    ]);
    expect(Number(failed.items[0]!.id)).toBeGreaterThan(Number(failed.items[1]!.id));

    // The same moves reported again (a job run twice) add nothing.
    const ledger = harness.booted.app.get(BatchLedger);
    await ledger.markFailed(campaign.id, 0, { token: 'a-stale-claim' } as ClaimedBatch, 'again');
    await ledger.finishCampaignIfDone(campaign.id);
    expect(await storedFor(campaign.id)).toBe(2);

    await campaign.post('retry-failed');
    await campaign.reach();
    const sent = await poll(failed.nextCursor!);
    // Its segment (everyone tagged newsletter) holds June appeal's three as well.
    expect(sent.items.map((item) => [item.kind, item.message])).toEqual([
      ['sent', '“Refused” was sent to 5 people'],
    ]);
    expect(await storedFor(campaign.id)).toBe(3);
  });

  it('is for staff who may read campaigns, and names a bad cursor', async () => {
    await request(harness.url).get('/notifications').expect(401);
    await request(harness.url)
      .get('/notifications')
      .set('Authorization', await harness.bearer('fundraising'))
      .expect(403);
    const bad = await request(harness.url)
      .get('/notifications')
      .query({ after: "1'; DROP TABLE x" })
      .set('Authorization', viewer)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('after');
    const tooMany = await request(harness.url)
      .get('/notifications')
      .query({ limit: 1000 })
      .set('Authorization', viewer)
      .expect(400);
    expect(JSON.stringify(tooMany.body)).toContain('limit');
  });
});
