import { waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import type { CampaignDetailDto } from './dto/campaign.dto';

/** What the console's progress screen reads while an email goes out: rate, and what needs a person. */
describe('campaign progress', () => {
  let harness: MailerHarness;
  let comms: string;

  /** A campaign to `size` people of their own (a tag per campaign), not yet sent. */
  const campaignTo = async (name: string, size: number): Promise<string> => {
    const tag = `progress-${name.toLowerCase()}`;
    for (let n = 0; n < size; n++) {
      await harness.seedSupporter({ email: `${tag}-${n}@example.org`, tags: [tag] });
    }
    const segmentId = await harness.seedSegment({ field: 'tags', op: 'contains', value: tag });
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name, subject: 'Hi', html: '<p>Hi</p>', segmentId })
      .expect(201);
    return (created.body as { id: string }).id;
  };
  const state = async (id: string): Promise<CampaignDetailDto> =>
    (await request(harness.url).get(`/campaigns/${id}`).set('Authorization', comms).expect(200))
      .body as CampaignDetailDto;
  const reach = (id: string, until: (s: CampaignDetailDto) => boolean) =>
    waitFor(
      async () => {
        const s = await state(id);
        return until(s) ? s : null;
      },
      { timeoutMs: 20_000, what: `campaign ${id}` },
    );
  const send = (id: string) =>
    request(harness.url).post(`/campaigns/${id}/send`).set('Authorization', comms).expect(202);

  beforeAll(async () => {
    // Batches of 10; the default grace period of 60 minutes before uncertain recipients are resent.
    harness = await MailerHarness.start({ env: { MAIL_BATCH_SIZE: '10' } });
    comms = await harness.bearer('comms');
  });
  afterAll(() => harness.stop());

  it('reports recipients per minute while sending, and none once sent', async () => {
    const id = await campaignTo('Rate', 25);
    expect((await state(id)).ratePerMinute).toBeNull();
    // One batch is answered at once, another after 1.5 s: the campaign is seen sending in between.
    harness.sendgrid.script(
      { status: 202, headers: { 'X-Message-Id': 'quick' } },
      { status: 202, headers: { 'X-Message-Id': 'slow' }, delayMs: 1500 },
      { status: 202, headers: { 'X-Message-Id': 'slow2' }, delayMs: 1500 },
    );
    await send(id);
    const midway = await reach(id, (s) => s.status === 'sending' && s.batches.sent >= 1);
    const accepted = midway.counts.sent;
    expect(accepted).toBeGreaterThan(0);
    // Accepted within the last minute, over a window shorter than a minute: at least that many a minute.
    expect(midway.ratePerMinute).toBeGreaterThanOrEqual(accepted);
    const done = await reach(id, (s) => s.status === 'sent');
    expect(done.ratePerMinute).toBeNull();
    expect(done.attention).toEqual({
      uncertainRecipients: 0,
      canResendUncertainNow: false,
      resendUncertainFrom: null,
      failedRecipients: 0,
      canRetryFailedNow: false,
    });
  });

  it('explains a failed batch and says its retry can be used, until it has been', async () => {
    const id = await campaignTo('Refused', 15);
    harness.sendgrid.script({ status: 400, body: { errors: [{ message: 'bad request' }] } });
    await send(id);
    const failed = await reach(id, (s) => s.status === 'sent' && s.batches.failed === 1);
    const inBatch = failed.counts.failed;
    expect(failed.failedBatches).toEqual([
      expect.objectContaining({ recipientCount: inBatch, failed: inBatch, retryableNow: true }),
    ]);
    expect(failed.failedBatches[0]!.reason).toEqual(expect.any(String));
    expect(failed.attention).toMatchObject({ failedRecipients: inBatch, canRetryFailedNow: true });
    await request(harness.url).post(`/campaigns/${id}/retry-failed`).set('Authorization', comms).expect(202);
    const retried = await reach(id, (s) => s.status === 'sent' && s.counts.failed === 0);
    expect(retried.failedBatches).toEqual([
      expect.objectContaining({ recipientCount: inBatch, failed: 0, retryableNow: false }),
    ]);
    expect(retried.attention).toMatchObject({ failedRecipients: 0, canRetryFailedNow: false });
  });

  it('says an uncertain batch cannot be resent inside the grace period, and from when it can', async () => {
    const id = await campaignTo('Hung', 5);
    harness.sendgrid.script({ status: 202, hang: true });
    await send(id);
    const uncertain = await reach(id, (s) => s.status === 'sent' && s.batches.uncertain === 1);
    const [batch] = uncertain.uncertainBatches;
    expect(batch).toMatchObject({ recipientCount: 5, unconfirmed: 5, resendableNow: false });
    expect(Date.parse(batch!.resendableAt) - Date.parse(batch!.since)).toBe(60 * 60_000);
    expect(uncertain.attention).toEqual({
      uncertainRecipients: 5,
      canResendUncertainNow: false,
      resendUncertainFrom: batch!.resendableAt,
      failedRecipients: 0,
      canRetryFailedNow: false,
    });
    await request(harness.url)
      .post(`/campaigns/${id}/resend-uncertain`)
      .set('Authorization', comms)
      .expect(409);

    // An hour later the button works.
    await harness.dataSource.query(
      `UPDATE campaign_batches SET finished_at = finished_at - interval '61 minutes' WHERE campaign_id = $1`,
      [id],
    );
    const later = await state(id);
    expect(later.uncertainBatches[0]).toMatchObject({ resendableNow: true });
    expect(later.attention).toMatchObject({ uncertainRecipients: 5, canResendUncertainNow: true });
    await request(harness.url)
      .post(`/campaigns/${id}/resend-uncertain`)
      .set('Authorization', comms)
      .expect(202);
    const resent = await reach(id, (s) => s.status === 'sent' && s.counts.uncertain === 0);
    expect(resent.uncertainBatches[0]).toMatchObject({ unconfirmed: 0, resendableNow: false });
    expect(resent.attention).toMatchObject({ uncertainRecipients: 0, canResendUncertainNow: false });
  });
});
