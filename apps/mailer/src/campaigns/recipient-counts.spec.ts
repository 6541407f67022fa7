import { SendGridWebhookSigner, waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { type SendGridEventType, SendGridMessage } from '../../test/sendgrid-events';
import type { CampaignDetailDto, CampaignPageDto } from './dto/campaign.dto';

/**
 * The per-campaign counts the campaign list and detail read are kept by triggers on the ledger,
 * as delta rows folded now and then. They must equal a fresh count of the ledger whatever runs at
 * once: batches recording their outcome while SendGrid's events move the same recipients on.
 */
describe('per-campaign recipient counts', () => {
  const signer = new SendGridWebhookSigner();
  let harness: MailerHarness;
  let comms: string;

  const ledgerCounts = async (campaignId: string): Promise<Record<string, number>> => {
    const rows = (await harness.dataSource.query(
      `SELECT status, count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 GROUP BY status`,
      [campaignId],
    )) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };
  const keptCounts = async (campaignId: string): Promise<Record<string, number>> => {
    const rows = (await harness.dataSource.query(
      `SELECT status, sum(n)::int AS n FROM campaign_recipient_counts WHERE campaign_id = $1
        GROUP BY status HAVING sum(n) <> 0`,
      [campaignId],
    )) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };
  const countRows = async (campaignId: string): Promise<number> =>
    (
      (await harness.dataSource.query(
        `SELECT count(*)::int AS n FROM campaign_recipient_counts WHERE campaign_id = $1`,
        [campaignId],
      )) as { n: number }[]
    )[0]!.n;
  const detail = async (id: string): Promise<CampaignDetailDto> =>
    (await request(harness.url).get(`/campaigns/${id}`).set('Authorization', comms).expect(200))
      .body as CampaignDetailDto;

  beforeAll(async () => {
    harness = await MailerHarness.start({
      env: {
        MAIL_BATCH_SIZE: '5',
        MAIL_DISPATCH_CONCURRENCY: '8',
        // 400 recipients over about two seconds, so the webhook posts land between the batches.
        MAIL_SEND_RATE: '200',
        SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey,
      },
    });
    comms = await harness.bearer('comms');
  });
  afterAll(() => harness.stop());

  it('equal a fresh count of the ledger after concurrent batches and webhook posts', async () => {
    const size = 400;
    await harness.dataSource.query(
      `WITH s AS (INSERT INTO supporters (email, email_normalised, first_name, tags)
                  SELECT 'count' || n || '@example.org', 'count' || n || '@example.org', 'Reader', '{counted}'
                    FROM generate_series(1, ${size}) AS n RETURNING id)
       INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) SELECT id, 'subscribed', now() FROM s`,
    );
    const segmentId = await harness.seedSegment({ field: 'tags', op: 'contains', value: 'counted' });
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name: 'Counted', subject: 'Hi', html: '<p>Hi</p>', segmentId })
      .expect(201);
    const campaignId = (created.body as { id: string }).id;
    // Some batches fail and one is cut off, so every kind of ledger move happens.
    harness.sendgrid.script(
      { status: 400, body: { errors: [{ message: 'bad request' }] } },
      { status: 202, hang: true },
    );
    await request(harness.url).post(`/campaigns/${campaignId}/send`).set('Authorization', comms).expect(202);

    // While batches record their outcome, SendGrid's events for those already sent arrive as four
    // posts at a time, each about overlapping recipients, in an order of their own.
    const evented = new Set<string>();
    const kinds: SendGridEventType[] = ['delivered', 'open', 'click', 'bounce', 'processed'];
    let posts = 0;
    const postEventsForSent = async (): Promise<void> => {
      const sent = (
        (await harness.dataSource.query(
          `SELECT id, email FROM campaign_recipients WHERE campaign_id = $1 AND status = 'sent'`,
          [campaignId],
        )) as { id: string; email: string }[]
      ).filter((row) => !evented.has(row.id));
      if (sent.length === 0) return;
      for (const row of sent) evented.add(row.id);
      const events = sent.flatMap((row, n) =>
        [kinds[n % kinds.length]!, kinds[(n + 1) % kinds.length]!].map((kind) =>
          new SendGridMessage(row.email, { campaign_id: campaignId, recipient_id: row.id }).event(kind),
        ),
      );
      await Promise.all(
        [0, 1, 2, 3].map(async (part) => {
          // Each post carries half of the events, rotated, so two posts touch the same recipients.
          const slice = events.filter((_, n) => (n + part) % 4 < 2).reverse();
          const signed = signer.sign(part % 2 ? slice : slice.reverse());
          posts += 1;
          await request(harness.url)
            .post('/webhooks/sendgrid')
            .set(signed.headers)
            .send(signed.body)
            .expect(200);
        }),
      );
    };
    await waitFor(
      async () => {
        await postEventsForSent();
        return (await detail(campaignId)).status === 'sent';
      },
      { timeoutMs: 30_000, what: 'the campaign to finish while events arrive' },
    );
    await postEventsForSent();
    // Staff retry the failed recipients while the last events are still coming in.
    await Promise.all([
      request(harness.url)
        .post(`/campaigns/${campaignId}/retry-failed`)
        .set('Authorization', comms)
        .expect(202),
      postEventsForSent(),
    ]);
    await waitFor(async () => {
      await postEventsForSent();
      const state = await detail(campaignId);
      return state.status === 'sent' && state.counts.failed === 0;
    });
    await postEventsForSent();

    const ledger = await ledgerCounts(campaignId);
    expect(Object.values(ledger).reduce((sum, n) => sum + n, 0)).toBe(size);
    expect(ledger.uncertain).toBe(5);
    expect(ledger.bounced).toBeGreaterThan(0);
    expect(await keptCounts(campaignId)).toEqual(ledger);
    // The API reads them: the detail and the list agree with the ledger.
    const state = await detail(campaignId);
    expect(state.counts).toMatchObject({
      total: size,
      uncertain: ledger.uncertain,
      bounced: ledger.bounced,
      clicked: ledger.clicked ?? 0,
      queued: 0,
      failed: 0,
    });
    const list = (await request(harness.url).get('/campaigns').set('Authorization', comms).expect(200))
      .body as CampaignPageDto;
    expect(list.items.find((item) => item.id === campaignId)!.counts).toEqual(state.counts);
    // Folded as they piled up: far fewer rows than the statements that wrote them.
    expect(posts).toBeGreaterThanOrEqual(4 * 4);
    expect(await countRows(campaignId)).toBeLessThanOrEqual(64 + 4 + 1);
  });

  it('count inserts and deletes, and write nothing for an update that changes no status', async () => {
    const segmentId = await harness.seedSegment();
    const [campaign] = (await harness.dataSource.query(
      `INSERT INTO campaigns (name, subject, markdown, segment_id, status) VALUES ('c', 's', 'm', $1, 'sent') RETURNING id`,
      [segmentId],
    )) as { id: string }[];
    const campaignId = campaign!.id;
    for (const email of ['a@example.org', 'b@example.org', 'c@example.org']) {
      const supporterId = await harness.seedSupporter({ email });
      await harness.dataSource.query(
        `INSERT INTO campaign_recipients (campaign_id, supporter_id, email, batch_seq, status) VALUES ($1, $2, $3, 0, 'sent')`,
        [campaignId, supporterId, email],
      );
    }
    const rowsBefore = await countRows(campaignId);
    await harness.dataSource.query(
      `UPDATE campaign_recipients SET last_event_at = now(), email = NULL WHERE campaign_id = $1`,
      [campaignId],
    );
    expect(await countRows(campaignId)).toBe(rowsBefore);
    await harness.dataSource.query(
      `DELETE FROM campaign_recipients WHERE campaign_id = $1 AND supporter_id = (SELECT id FROM supporters WHERE email = 'a@example.org')`,
      [campaignId],
    );
    await harness.dataSource.query(
      `UPDATE campaign_recipients SET status = 'delivered' WHERE campaign_id = $1 AND status = 'sent'
         AND supporter_id = (SELECT id FROM supporters WHERE email = 'b@example.org')`,
      [campaignId],
    );
    expect(await keptCounts(campaignId)).toEqual({ sent: 1, delivered: 1 });
    expect((await detail(campaignId)).counts).toMatchObject({ total: 2, sent: 2, delivered: 1 });
  });
});
