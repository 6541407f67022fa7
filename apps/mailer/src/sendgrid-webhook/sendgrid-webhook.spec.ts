import { subscribersEventsQueue } from '@crm/queues';
import { SendGridWebhookSigner } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

describe('POST /webhooks/sendgrid', () => {
  const signer = new SendGridWebhookSigner();
  let harness: MailerHarness;
  let campaignId: string;
  const recipients: { id: string; email: string }[] = [];
  let eventSeq = 0;

  const event = (
    type: string,
    recipient: { id: string; email: string },
    extra: Record<string, unknown> = {},
  ) => ({
    email: recipient.email,
    event: type,
    sg_event_id: `evt-${++eventSeq}-${type}`,
    sg_message_id: 'abc123.filter0001',
    timestamp: Math.floor(Date.now() / 1000),
    campaign_id: campaignId,
    recipient_id: recipient.id,
    ...extra,
  });

  const post = (signed: { body: string; headers: Record<string, string> }) =>
    request(harness.url).post('/webhooks/sendgrid').set(signed.headers).send(signed.body);

  const statusOf = async (id: string): Promise<string> =>
    (
      (await harness.dataSource.query(`SELECT status FROM campaign_recipients WHERE id = $1`, [id])) as {
        status: string;
      }[]
    )[0]!.status;

  const storedEvents = async (): Promise<number> =>
    ((await harness.dataSource.query(`SELECT count(*)::int AS n FROM email_events`)) as { n: number }[])[0]!
      .n;

  beforeAll(async () => {
    harness = await MailerHarness.start({ env: { SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey } });
    const segmentId = await harness.seedSegment();
    const [campaign] = (await harness.dataSource.query(
      `INSERT INTO campaigns (name, subject, markdown, segment_id, status) VALUES ('c', 's', 'm', $1, 'sent') RETURNING id`,
      [segmentId],
    )) as { id: string }[];
    campaignId = campaign!.id;
    for (let n = 0; n < 5; n++) {
      const email = `r${n}@example.org`;
      const supporterId = await harness.seedSupporter({ email });
      const [row] = (await harness.dataSource.query(
        `INSERT INTO campaign_recipients (campaign_id, supporter_id, email, batch_seq, status) VALUES ($1, $2, $3, 0, 'sent') RETURNING id`,
        [campaignId, supporterId, email],
      )) as { id: string }[];
      recipients.push({ id: row!.id, email });
    }
  });
  afterAll(() => harness.stop());

  it('stores a signed batch, moves recipients forward and never back, and counts a redelivery once', async () => {
    const [a, b] = recipients;
    const batch = [event('delivered', a!), event('open', a!), event('delivered', b!)];
    const first = await post(signer.sign(batch)).expect(200);
    expect(first.body).toEqual({ received: 3, stored: 3 });
    expect(await statusOf(a!.id)).toBe('opened');
    expect(await statusOf(b!.id)).toBe('delivered');

    const again = await post(signer.sign(batch)).expect(200);
    expect(again.body).toEqual({ received: 3, stored: 0 });
    // A late "delivered" after "opened" does not move the recipient back.
    await post(signer.sign([event('delivered', a!)])).expect(200);
    expect(await statusOf(a!.id)).toBe('opened');

    const [stored] = (await harness.dataSource.query(
      `SELECT campaign_id, recipient_id, supporter_id, provider_message_id FROM email_events WHERE recipient_id = $1 LIMIT 1`,
      [b!.id],
    )) as Record<string, string>[];
    expect(stored).toMatchObject({
      campaign_id: campaignId,
      recipient_id: b!.id,
      provider_message_id: 'abc123',
    });
    expect(stored!.supporter_id).toBeTruthy();
  });

  it('suppresses hard bounces, invalid drops, spam reports and unsubscribes, and tells the subscribers app', async () => {
    const [, , c, d, e] = recipients;
    const bounce = event('bounce', c!, { type: 'bounce', reason: '550 no such user' });
    const spam = event('spamreport', d!);
    const unsubscribe = event('group_unsubscribe', e!);
    const softBounce = event('bounce', recipients[0]!, { type: 'blocked' });
    await post(signer.sign([bounce, spam, unsubscribe, softBounce])).expect(200);

    const suppressions = (await harness.dataSource.query(
      `SELECT email_normalised, reason FROM suppressions ORDER BY email_normalised`,
    )) as { email_normalised: string; reason: string }[];
    expect(suppressions).toEqual([
      { email_normalised: c!.email, reason: 'bounce' },
      { email_normalised: d!.email, reason: 'complaint' },
      { email_normalised: e!.email, reason: 'unsubscribe' },
    ]);
    expect(await statusOf(c!.id)).toBe('bounced');
    expect(await statusOf(d!.id)).toBe('complained');
    expect(await statusOf(e!.id)).toBe('unsubscribed');

    const queue = harness.producer(subscribersEventsQueue).queue;
    const job = await queue.getJob(`feedback-${spam.sg_event_id}`);
    expect(job?.name).toBe('record-mail-feedback');
    expect(job?.data).toMatchObject({ email: d!.email, kind: 'complained' });
    expect(await queue.getJob(`feedback-${softBounce.sg_event_id}`)).toBeUndefined();
  });

  it('stores events of mail sent without campaign arguments, and suppresses their hard bounces', async () => {
    const receiptBounce: Record<string, unknown> = event(
      'bounce',
      { id: 'none', email: 'receipt-reader@example.org' },
      { type: 'bounce' },
    );
    delete receiptBounce.campaign_id;
    delete receiptBounce.recipient_id;
    const before = await storedEvents();
    await post(signer.sign([receiptBounce])).expect(200);
    expect(await storedEvents()).toBe(before + 1);
    const [suppression] = (await harness.dataSource.query(
      `SELECT reason FROM suppressions WHERE email_normalised = 'receipt-reader@example.org'`,
    )) as { reason: string }[];
    expect(suppression?.reason).toBe('bounce');
  });

  it('rejects a tampered body, a wrong key, a stale timestamp and missing headers, storing nothing', async () => {
    const before = await storedEvents();
    const signed = signer.sign([event('delivered', recipients[4]!)]);
    await post({ ...signed, body: signed.body.replace('delivered', 'open') }).expect(400);
    await post(new SendGridWebhookSigner().sign([event('delivered', recipients[4]!)])).expect(400);
    await post(
      signer.sign([event('delivered', recipients[4]!)], Math.floor(Date.now() / 1000) - 11 * 60),
    ).expect(400);
    await request(harness.url)
      .post('/webhooks/sendgrid')
      .set('Content-Type', 'application/json')
      .send('[]')
      .expect(400);
    // A body that is not JSON is the 400 DESIGN §3 names, not a 415, even when signed.
    const asText = signer.sign([event('delivered', recipients[4]!)]);
    await post({ ...asText, headers: { ...asText.headers, 'Content-Type': 'text/plain' } }).expect(400);
    expect(await storedEvents()).toBe(before);
  });

  it('refuses a signed body that is not a list of events, naming the bad field', async () => {
    const response = await post(signer.sign([{ event: 'delivered', timestamp: 'yesterday' }])).expect(400);
    expect(response.body.message).toContain('body[0]');
  });

  it('stores an event holding a NUL character without it, rather than refusing its whole batch', async () => {
    const nul = event('click', recipients[3]!, { url: 'https://example.org/a\u0000b' });
    await post(signer.sign([nul])).expect(200);
    const [stored] = (await harness.dataSource.query(
      `SELECT payload->>'url' AS url FROM email_events WHERE provider_event_id = $1`,
      [nul.sg_event_id],
    )) as { url: string }[];
    expect(stored?.url).toBe('https://example.org/ab');
  });

  it('keeps no payload or link of an event that arrives after its person was erased', async () => {
    await harness.dataSource.query(
      `UPDATE supporters SET erased_at = now() WHERE id = (SELECT supporter_id FROM campaign_recipients WHERE id = $1)`,
      [recipients[2]!.id],
    );
    const late = event('click', recipients[2]!, {
      ip: '198.51.100.9',
      useragent: 'MailReader/2.0',
      url: 'https://example.org/donate?name=Erin',
    });
    await post(signer.sign([late])).expect(200);
    const [stored] = (await harness.dataSource.query(
      `SELECT payload, url FROM email_events WHERE provider_event_id = $1`,
      [late.sg_event_id],
    )) as { payload: unknown; url: string | null }[];
    expect(stored).toEqual({ payload: {}, url: null });
  });

  it('refuses a timestamp in milliseconds (past what PostgreSQL can store), naming it', async () => {
    const before = await storedEvents();
    const response = await post(
      signer.sign([event('open', recipients[3]!, { timestamp: Date.now() })]),
    ).expect(400);
    expect(response.body.message).toContain('body[0][timestamp]');
    expect(response.body.details).toContainEqual({
      field: 'body[0][timestamp]',
      messages: [expect.any(String)],
    });
    expect(await storedEvents()).toBe(before);
  });

  it('accepts a batch close to SendGrid’s 768 KB maximum', async () => {
    const padding = 'x'.repeat(700);
    const events = Array.from({ length: 950 }, () => event('processed', recipients[1]!, { padding }));
    const signed = signer.sign(events);
    expect(Buffer.byteLength(signed.body)).toBeGreaterThan(900_000);
    expect(Buffer.byteLength(signed.body)).toBeLessThan(1_000_000);
    const response = await post(signed).expect(200);
    expect(response.body.stored).toBe(950);
  });
});

describe('POST /webhooks/sendgrid without a verification key', () => {
  it('answers 503: it cannot verify, so SendGrid keeps the events and retries', async () => {
    const harness = await MailerHarness.start();
    try {
      const signed = new SendGridWebhookSigner().sign([
        { event: 'delivered', sg_event_id: 'x', timestamp: 1 },
      ]);
      await request(harness.url).post('/webhooks/sendgrid').set(signed.headers).send(signed.body).expect(503);
    } finally {
      await harness.stop();
    }
  });
});
