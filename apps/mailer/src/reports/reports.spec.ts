import { SendGridWebhookSigner } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

const DAY = 86_400_000;
const LINK_ONE = 'https://example.org/appeal';
const LINK_TWO = 'https://example.org/petition?ref=email';

describe('GET /campaigns/:id/report', () => {
  const signer = new SendGridWebhookSigner();
  let harness: MailerHarness;
  let campaignId: string;
  const sentAt = new Date(Date.now() - 10 * DAY);
  const people: Record<
    'ann' | 'bob' | 'cat' | 'dan' | 'eve' | 'out',
    { supporterId: string; recipientId?: string; email: string }
  > = {} as never;
  let eventSeq = 0;
  let clickSeconds = Math.floor(sentAt.getTime() / 1000) + 3600;

  const event = (type: string, who: keyof typeof people, extra: Record<string, unknown> = {}) => ({
    email: people[who].email,
    event: type,
    sg_event_id: `report-${++eventSeq}`,
    sg_message_id: 'abc123.filter0001',
    timestamp: (clickSeconds += 60),
    campaign_id: campaignId,
    recipient_id: people[who].recipientId,
    ...extra,
  });

  const post = async (events: unknown[]) => {
    const signed = signer.sign(events);
    await request(harness.url).post('/webhooks/sendgrid').set(signed.headers).send(signed.body).expect(200);
  };

  const give = (
    who: keyof typeof people,
    amount: number,
    currency: string,
    paidAt: Date,
    extra: { status?: string; refunded?: number } = {},
  ) =>
    harness.dataSource.query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, refunded_amount, paid_at)
       VALUES ($1, $2, $3, 'one_off', $4, $5, $6)`,
      [people[who].supporterId, amount, currency, extra.status ?? 'succeeded', extra.refunded ?? 0, paidAt],
    );

  beforeAll(async () => {
    harness = await MailerHarness.start({ env: { SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey } });
    const segmentId = await harness.seedSegment();
    const [campaign] = (await harness.dataSource.query(
      `INSERT INTO campaigns (name, subject, markdown, segment_id, status) VALUES ('c', 's', 'm', $1, 'sent') RETURNING id`,
      [segmentId],
    )) as { id: string }[];
    campaignId = campaign!.id;
    const names: Record<keyof typeof people, string> = {
      ann: 'Ann',
      bob: 'Bob',
      cat: 'Cat',
      dan: '=HYPERLINK("http://evil.example")',
      eve: 'Eve',
      out: 'Olga',
    };
    for (const who of Object.keys(names) as (keyof typeof people)[]) {
      const email = `${who}@example.org`;
      const supporterId = await harness.seedSupporter({ email, firstName: names[who] });
      people[who] = { supporterId, email };
      // `out` gets no email from this campaign; her gifts must not count.
      if (who === 'out') continue;
      const [row] = (await harness.dataSource.query(
        `INSERT INTO campaign_recipients (campaign_id, supporter_id, email, batch_seq, status, sent_at)
         VALUES ($1, $2, $3, 0, 'sent', $4) RETURNING id`,
        [campaignId, supporterId, email, sentAt],
      )) as { id: string }[];
      people[who].recipientId = row!.id;
    }

    await post([
      ...(['ann', 'bob', 'cat', 'dan', 'eve'] as const).map((who) => event('delivered', who)),
      event('open', 'cat'),
      event('click', 'ann', { url: LINK_ONE }),
      event('click', 'ann', { url: LINK_ONE }),
      event('click', 'bob', { url: LINK_ONE }),
      event('click', 'ann', { url: LINK_TWO }),
      event('click', 'ann', { url: 'https://example.org/unsubscribe?token=ann-secret-token' }),
      // A link that is not http(s) is stored as no link; the click still counts for Dan.
      event('click', 'dan', { url: 'javascript:alert(1)' }),
      event('click', 'dan', { url: `https://example.org/${'x'.repeat(2_100)}` }),
    ]);
    // A later, separate delivery of the webhook: the bounce and a click after the unsubscribe.
    await post([event('bounce', 'eve', { reason: '550 no such user' }), event('unsubscribe', 'bob')]);

    const sent = sentAt.getTime();
    await give('ann', 1_000, 'GBP', new Date(sent + 2 * DAY));
    await give('ann', 500, 'GBP', new Date(sent + 6 * DAY));
    await give('ann', 9_999, 'GBP', new Date(sent - DAY)); // before the email
    await give('bob', 2_000, 'EUR', new Date(sent + 3 * DAY));
    await give('bob', 700, 'EUR', new Date(sent + DAY), { status: 'refunded', refunded: 700 });
    await give('cat', 4_000, 'GBP', new Date(sent + 8 * DAY)); // more than 7 days later
    await give('dan', 3_000, 'GBP', new Date(sent + 1 * DAY), {
      status: 'partially_refunded',
      refunded: 1_000,
    });
    await give('out', 5_000, 'GBP', new Date(sent + DAY)); // not a recipient
  });
  afterAll(() => harness.stop());

  it('counts clicks per link and unique clickers from signed click events, most clicked first', async () => {
    const response = await request(harness.url)
      .get(`/campaigns/${campaignId}/report`)
      .set('Authorization', await harness.bearer('viewer'))
      .expect(200);
    expect(response.body.links).toEqual([
      { url: LINK_ONE, clicks: 3, uniqueClickers: 2 },
      { url: LINK_TWO, clicks: 1, uniqueClickers: 1 },
      { url: 'https://example.org/unsubscribe?token=redacted', clicks: 1, uniqueClickers: 1 },
    ]);
  });

  it('stores a click link checked and without its token, and nothing for a bad one', async () => {
    const rows = (await harness.dataSource.query(
      `SELECT url, payload->>'url' AS payload_url FROM email_events WHERE recipient_id = $1 AND type = 'click' ORDER BY id`,
      [people.dan.recipientId],
    )) as { url: string | null; payload_url: string | null }[];
    expect(rows).toEqual([
      { url: null, payload_url: null },
      { url: null, payload_url: null },
    ]);
    const [stored] = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM email_events WHERE payload::text LIKE '%ann-secret-token%' OR url LIKE '%ann-secret-token%'`,
    )) as { n: number }[];
    expect(stored!.n).toBe(0);
  });

  it('answers the counts and rates of sent', async () => {
    const response = await request(harness.url)
      .get(`/campaigns/${campaignId}/report`)
      .set('Authorization', await harness.bearer('comms'))
      .expect(200);
    expect(response.body.counts).toEqual({
      sent: 5,
      delivered: { count: 4, rate: 0.8 },
      opened: { count: 4, rate: 0.8 },
      clicked: { count: 3, rate: 0.6 },
      bounced: { count: 1, rate: 0.2 },
      complained: { count: 0, rate: 0 },
      unsubscribed: { count: 1, rate: 0.2 },
    });
  });

  it('counts the gifts of recipients within 7 days of their send, per currency, net of refunds', async () => {
    const response = await request(harness.url)
      .get(`/campaigns/${campaignId}/report`)
      .set('Authorization', await harness.bearer('admin'))
      .expect(200);
    expect(response.body.donationWindowDays).toBe(7);
    expect(response.body.donationsFollowing).toEqual([
      { currency: 'EUR', count: 1, amount: 2_000, donors: 1 },
      { currency: 'GBP', count: 3, amount: 3_500, donors: 2 },
    ]);
  });

  it('downloads the people who clicked or opened, with their first time, formula-escaped', async () => {
    const bearer = await harness.bearer('comms');
    const clicked = await request(harness.url)
      .get(`/campaigns/${campaignId}/report/people.csv?event=clicked`)
      .set('Authorization', bearer)
      .expect(200);
    expect(clicked.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = clicked.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('first_name,last_name,email,first_at');
    const firstClick = (await harness.dataSource.query(
      `SELECT min(occurred_at) AS at FROM email_events WHERE recipient_id = $1 AND type = 'click'`,
      [people.ann.recipientId],
    )) as { at: Date }[];
    expect(lines).toHaveLength(4);
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        `Ann,,ann@example.org,${firstClick[0]!.at.toISOString()}`,
        expect.stringMatching(/^Bob,,bob@example\.org,\d{4}-/),
        expect.stringMatching(/^"'=HYPERLINK\(""http:\/\/evil\.example""\)",,dan@example\.org,\d{4}-/),
      ]),
    );

    const opened = await request(harness.url)
      .get(`/campaigns/${campaignId}/report/people.csv?event=opened`)
      .set('Authorization', bearer)
      .expect(200);
    expect(
      opened.text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',').at(-2))
        .sort(),
    ).toEqual(['ann@example.org', 'bob@example.org', 'cat@example.org', 'dan@example.org']);
  });

  it('keeps the people download from viewers, and refuses a bad event or an unknown campaign', async () => {
    await request(harness.url)
      .get(`/campaigns/${campaignId}/report/people.csv?event=opened`)
      .set('Authorization', await harness.bearer('viewer'))
      .expect(403);
    const comms = await harness.bearer('comms');
    const bad = await request(harness.url)
      .get(`/campaigns/${campaignId}/report/people.csv?event=bounced`)
      .set('Authorization', comms)
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('event');
    await request(harness.url)
      .get('/campaigns/00000000-0000-4000-8000-000000000000/report')
      .set('Authorization', comms)
      .expect(404);
    await request(harness.url)
      .get('/campaigns/00000000-0000-4000-8000-000000000000/report/people.csv?event=opened')
      .set('Authorization', comms)
      .expect(404);
  });
});
