import { subscribersEventsQueue } from '@crm/queues';
import { SendGridWebhookSigner } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { OwnCampaign } from '../../test/own-campaign';
import { SendGridMessage } from '../../test/sendgrid-events';

/**
 * The webhook fed events in the shapes SendGrid sends (see test/sendgrid-events.ts), for a campaign
 * the mailer really dispatched: each message's events carry the custom args it was sent with.
 */
describe('POST /webhooks/sendgrid with events as SendGrid sends them', () => {
  const signer = new SendGridWebhookSigner();
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'] as const;
  let harness: MailerHarness;
  let campaign: OwnCampaign;
  const sent = new Map<string, SendGridMessage>();

  const message = (name: (typeof names)[number]) => sent.get(`shape-${name}@example.org`)!;
  const post = (events: unknown[]) => {
    const signed = signer.sign(events);
    return request(harness.url).post('/webhooks/sendgrid').set(signed.headers).send(signed.body);
  };
  const statuses = async (): Promise<Record<string, string>> => {
    const rows = (await harness.dataSource.query(
      `SELECT email, status FROM campaign_recipients WHERE campaign_id = $1`,
      [campaign.id],
    )) as { email: string; status: string }[];
    return Object.fromEntries(
      rows.map((row) => [row.email.split('@')[0]!.replace('shape-', ''), row.status]),
    );
  };
  const suppressionOf = async (email: string): Promise<string | undefined> =>
    (
      (await harness.dataSource.query(`SELECT reason FROM suppressions WHERE email_normalised = $1`, [
        email,
      ])) as { reason: string }[]
    )[0]?.reason;
  const feedbackFor = async (event: Record<string, unknown>) =>
    (await harness.producer(subscribersEventsQueue).queue.getJob(`feedback-${String(event.sg_event_id)}`))
      ?.data;

  beforeAll(async () => {
    harness = await MailerHarness.start({ env: { SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey } });
    campaign = await OwnCampaign.create(
      harness,
      'Spring appeal',
      names.map((name) => `shape-${name}@example.org`),
    );
    await campaign.post('send');
    await campaign.reach();
    const ledger = (await harness.dataSource.query(
      `SELECT email, provider_message_id FROM campaign_recipients WHERE campaign_id = $1`,
      [campaign.id],
    )) as { email: string; provider_message_id: string }[];
    for (const body of harness.sendgrid.accepted) {
      for (const personalization of body.personalizations) {
        const email = personalization.to[0]!.email;
        const xMessageId = ledger.find((row) => row.email === email)!.provider_message_id;
        const args = { ...body.custom_args, ...personalization.custom_args };
        sent.set(email, new SendGridMessage(email, args, xMessageId));
      }
    }
    expect(sent.size).toBe(names.length);
  });
  afterAll(() => harness.stop());

  it('takes a batch of every event type, moving recipients, counts, suppressions and the subscribers app', async () => {
    const { a, b, c, d, e, f, g, h, i, j, k } = Object.fromEntries(names.map((n) => [n, message(n)]));
    const hardBounce = d!.event('bounce');
    const softBounce = e!.event('bounce', {
      type: 'blocked',
      reason: '554 5.7.1 Service unavailable; Client host [167.89.17.173] blocked using Spamhaus',
      status: '5.7.1',
      bounce_classification: 'Reputation',
    });
    const droppedBounced = f!.event('dropped');
    const spam = g!.event('spamreport');
    const unsubscribe = h!.event('unsubscribe');
    const groupUnsubscribe = i!.event('group_unsubscribe');
    const groupResubscribe = j!.event('group_resubscribe');
    const batch = [
      a!.event('processed', { category: 'campaign' }),
      a!.event('delivered'),
      b!.event('processed'),
      b!.event('deferred'),
      b!.event('delivered'),
      b!.event('open'),
      c!.event('delivered'),
      c!.event('open', { sg_machine_open: true, useragent: 'Mozilla/5.0', ip: '17.58.0.1' }),
      c!.event('click'),
      d!.event('processed'),
      hardBounce,
      e!.event('processed'),
      softBounce,
      droppedBounced,
      g!.event('delivered'),
      spam,
      h!.event('delivered'),
      unsubscribe,
      i!.event('delivered'),
      groupUnsubscribe,
      j!.event('delivered'),
      j!.event('group_unsubscribe'),
      groupResubscribe,
      // Unique args of the legacy SMTP API need not be strings; Marketing Campaigns add their own ids.
      k!.event('processed', {
        marketing_campaign_id: 12345,
        marketing_campaign_name: 'Spring',
        batch: 7,
        vip: true,
      }),
      k!.event('delivered', { tls: 0, cert_err: 1 }),
      // An account event: no recipient, no message.
      {
        event: 'account_status_change',
        sg_event_id: 'MjEzNTg5OTcyOC10ZXJtaW5hdGUtMTcwNzg1MTUzMQ',
        timestamp: 1709142428,
        type: 'compliance_suspend',
      },
    ].reverse();

    const response = await post(batch).expect(200);
    expect(response.body).toEqual({ received: batch.length, stored: batch.length });

    expect(await statuses()).toEqual({
      a: 'delivered',
      b: 'opened',
      c: 'clicked',
      d: 'bounced',
      e: 'bounced',
      f: 'bounced',
      g: 'complained',
      h: 'unsubscribed',
      i: 'unsubscribed',
      j: 'unsubscribed',
      k: 'delivered',
    });
    const state = await campaign.state();
    expect(state.counts).toMatchObject({
      total: 11,
      sent: 11,
      delivered: 8,
      opened: 2,
      clicked: 1,
      bounced: 3,
      complained: 1,
      unsubscribed: 3,
    });
    const [matched] = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM email_events WHERE campaign_id = $1 AND recipient_id IS NOT NULL`,
      [campaign.id],
    )) as { n: number }[];
    expect(matched!.n).toBe(batch.length - 1);

    expect(await suppressionOf(d!.email)).toBe('bounce');
    expect(await suppressionOf(e!.email)).toBeUndefined();
    expect(await suppressionOf(f!.email)).toBe('bounce');
    expect(await suppressionOf(g!.email)).toBe('complaint');
    expect(await suppressionOf(h!.email)).toBe('unsubscribe');
    expect(await suppressionOf(i!.email)).toBe('unsubscribe');
    expect(await feedbackFor(hardBounce)).toMatchObject({
      email: d!.email,
      kind: 'bounced',
      source: 'sendgrid:bounce',
    });
    expect(await feedbackFor(softBounce)).toBeUndefined();
    expect(await feedbackFor(droppedBounced)).toMatchObject({ email: f!.email, kind: 'bounced' });
    expect(await feedbackFor(spam)).toMatchObject({ email: g!.email, kind: 'complained' });
    expect(await feedbackFor(unsubscribe)).toMatchObject({ email: h!.email, kind: 'unsubscribed' });
    expect(await feedbackFor(groupUnsubscribe)).toMatchObject({ email: i!.email, kind: 'unsubscribed' });
    expect(await feedbackFor(groupResubscribe)).toBeUndefined();
  });

  it('suppresses a dropped address only for the drop reasons about the address, each as what it says', async () => {
    const drop = (reason: string) =>
      new SendGridMessage(`drop-${reason.toLowerCase().replace(/\W+/g, '-')}@example.org`).event('dropped', {
        reason,
      });
    const [smtpApi, content, quota, invalid, spamReporting, unsubscribed, bounced] = [
      'Invalid SMTPAPI header',
      'Spam Content (if spam checker app enabled)',
      'Recipient List over Package Quota',
      'Invalid',
      'Spam Reporting Address',
      'Unsubscribed Address',
      'Bounced Address',
    ].map(drop);
    await post([smtpApi, content, quota, invalid, spamReporting, unsubscribed, bounced]).expect(200);

    for (const ours of [smtpApi!, content!, quota!]) {
      expect(await suppressionOf(String(ours.email))).toBeUndefined();
      expect(await feedbackFor(ours)).toBeUndefined();
    }
    const expected: [Record<string, unknown>, string, string][] = [
      [invalid!, 'invalid', 'bounced'],
      [spamReporting!, 'complaint', 'complained'],
      [unsubscribed!, 'unsubscribe', 'unsubscribed'],
      [bounced!, 'bounce', 'bounced'],
    ];
    for (const [event, suppression, kind] of expected) {
      expect(await suppressionOf(String(event.email))).toBe(suppression);
      expect(await feedbackFor(event)).toMatchObject({ email: event.email, kind });
    }
  });

  it('stores a bounce whose SMTP reply is long with the rest of its batch', async () => {
    // Receiving servers answer with multi-line replies; SendGrid passes the whole reply on as `reason`.
    const reply = Array.from(
      { length: 14 },
      (_, line) =>
        `550-5.7.1 [${line}] This message was rejected by the recipient's mail policy. ` +
        'See https://postmaster.example.net/policy for details and for how to contact the postmaster.',
    ).join(' ');
    expect(reply.length).toBeGreaterThan(2_000);
    const bounce = new SendGridMessage('long-reply@example.org').event('bounce', { reason: reply });
    const other = new SendGridMessage('long-reply-other@example.org').event('delivered');
    const response = await post([other, bounce]).expect(200);
    expect(response.body).toEqual({ received: 2, stored: 2 });
    expect(await suppressionOf('long-reply@example.org')).toBe('bounce');
  });

  it('keeps the X-Message-Id of each sg_message_id form, and none for a drop that names no message', async () => {
    const forms: [string, string | null][] = [
      [
        'LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0',
        'LRzXl_NHStOGhQ4kofSm_A',
      ],
      ['5lFl7Fr1Rjme_EyzNNB_5A.stfilter-015.5185.55F883172.0', '5lFl7Fr1Rjme_EyzNNB_5A'],
      // Current deliveries name the receiving host instead of a filter.
      ['yW5utel5TYuIBREiXJi7aA.recvd-5f9ffdf494-9kc6l-1-673C6EB0-B.0', 'yW5utel5TYuIBREiXJi7aA'],
      // Older X-Message-Ids hold dots themselves.
      ['14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0', '14c5d75ce93.dfd.64b469'],
      ['filter0093p1las1.9128.5717FB8127.0', null],
    ];
    const events = forms.map(([sgMessageId]) =>
      new SendGridMessage('message-ids@example.org').event('dropped', { sg_message_id: sgMessageId }),
    );
    await post(events).expect(200);
    const rows = (await harness.dataSource.query(
      `SELECT provider_event_id, provider_message_id FROM email_events WHERE provider_event_id = ANY($1)`,
      [events.map((event) => event.sg_event_id)],
    )) as { provider_event_id: string; provider_message_id: string | null }[];
    const stored = new Map(rows.map((row) => [row.provider_event_id, row.provider_message_id]));
    expect(events.map((event) => stored.get(String(event.sg_event_id)))).toEqual(forms.map(([, id]) => id));

    const [mismatched] = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM email_events e JOIN campaign_recipients r ON r.id = e.recipient_id
        WHERE e.provider_message_id IS DISTINCT FROM r.provider_message_id`,
    )) as { n: number }[];
    expect(mismatched!.n).toBe(0);
  });

  it('takes thousands of events in a batch, and a redelivery overlapping it stores only what is new', async () => {
    const campaignEvents = async (): Promise<number> =>
      (
        (await harness.dataSource.query(
          `SELECT count(*)::int AS n FROM email_events WHERE campaign_id = $1`,
          [campaign.id],
        )) as { n: number }[]
      )[0]!.n;
    const before = await campaignEvents();
    // SendGrid reports every open, so one message yields many events.
    const opens = Array.from({ length: 2_000 }, (_, n) => message(names[n % names.length]!).event('open'));
    const clicks = Array.from({ length: 1_000 }, () => message('a').event('click'));
    expect((await post(opens).expect(200)).body).toEqual({ received: 2_000, stored: 2_000 });
    const redelivery = [...opens.slice(1_000), ...clicks];
    expect((await post(redelivery).expect(200)).body).toEqual({ received: 2_000, stored: 1_000 });

    expect(await campaignEvents()).toBe(before + 3_000);
    expect(await statuses()).toMatchObject({ a: 'clicked', d: 'bounced', j: 'unsubscribed', k: 'opened' });
    expect((await campaign.state()).counts).toMatchObject({ total: 11, delivered: 8, opened: 4, clicked: 2 });
  });

  it('takes batches posted at once for the same recipients, in any order, each stored once and none refused', async () => {
    const shared = names.map((name) => message(name).event('delivered'));
    const batches = Array.from({ length: 30 }, (_, n) => {
      const opens = names.map((name) => message(name).event('open'));
      // Each batch meets the others' recipients and redelivered events in an order of its own.
      const order = n % 2 === 0 ? [...opens, ...shared] : [...shared, ...opens].reverse();
      return order.slice(n % names.length).concat(order.slice(0, n % names.length));
    });
    const answers = await Promise.all(batches.map((batch) => post(batch)));

    expect(answers.map((answer) => answer.status)).toEqual(batches.map(() => 200));
    const stored = answers.reduce((sum, answer) => sum + (answer.body as { stored: number }).stored, 0);
    expect(stored).toBe(30 * names.length + shared.length);
  });
});
