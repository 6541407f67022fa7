import type { BulkMail } from './mail-transport';
import { sendGridBulkBody } from './sendgrid-bulk-body';

const mail = (overrides: Partial<BulkMail> = {}): BulkMail => ({
  from: { email: 'hello@example.org', name: 'Friends "of" the Earth' },
  subject: 'News for [%m0t%]',
  html: '<p>Hello [%m1h%]</p><a href="[%m2h%]">unsubscribe</a>',
  text: 'Hello [%m0t%]\n',
  categories: ['campaign'],
  campaignId: 'c1',
  tracking: { opens: true, clicks: false },
  recipients: [
    {
      email: 'ada@example.org',
      substitutions: {
        m0t: 'Ada "Countess" \\ Lovelace\u2028',
        m1h: 'Ada &amp; co </script>',
        m2h: 'https://x/u?token=a.b',
      },
      customArgs: { campaign_id: 'c1', recipient_id: 'r1' },
      headers: {
        'List-Unsubscribe': '<https://x/u?token=a.b>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    },
    {
      email: 'zoë@example.org',
      substitutions: { m0t: 'Zoë 😀', m1h: '', m2h: 'https://x/u?token=c.d' },
      customArgs: { campaign_id: 'c1', recipient_id: 'r2' },
      headers: {},
    },
  ],
  ...overrides,
});

/** The request object the transport used to hand the SDK to serialise. */
const asObject = (bulk: BulkMail, tracking = bulk.tracking): unknown => ({
  personalizations: bulk.recipients.map((recipient) => ({
    to: [{ email: recipient.email }],
    substitutions: Object.fromEntries(
      Object.entries(recipient.substitutions).map(([key, value]) => [`[%${key}%]`, value]),
    ),
    custom_args: recipient.customArgs,
    headers: recipient.headers,
  })),
  from: bulk.from,
  ...(bulk.replyTo ? { reply_to: { email: bulk.replyTo } } : {}),
  subject: bulk.subject,
  content: [
    { type: 'text/plain', value: bulk.text },
    { type: 'text/html', value: bulk.html },
  ],
  categories: bulk.categories,
  tracking_settings: {
    open_tracking: { enable: tracking.opens },
    click_tracking: { enable: tracking.clicks },
  },
  ...(bulk.schedule && {
    batch_id: bulk.schedule.batchId,
    send_at: Math.ceil(bulk.schedule.sendAt.getTime() / 1_000),
  }),
});

describe('sendGridBulkBody', () => {
  it('is the JSON of the v3 request, values with quotes, backslashes, separators and emoji intact', () => {
    const bulk = mail();
    const text = sendGridBulkBody(bulk, bulk.tracking);
    expect(JSON.parse(text)).toEqual(asObject(bulk));
    expect(text).toBe(JSON.stringify(asObject(bulk)));
  });

  it('carries reply-to, the batch id and send_at, and the tracking it is given', () => {
    const bulk = mail({
      replyTo: 'replies@example.org',
      schedule: { batchId: 'YmF0Y2g', sendAt: new Date('2026-12-07T03:00:00.500Z') },
    });
    const off = { opens: false, clicks: false };
    const body = JSON.parse(sendGridBulkBody(bulk, off)) as Record<string, unknown>;
    expect(body).toEqual(asObject(bulk, off));
    expect(body).toMatchObject({
      batch_id: 'YmF0Y2g',
      send_at: 1796612401,
      reply_to: { email: 'replies@example.org' },
    });
  });

  it('writes an empty personalization list for no recipients', () => {
    const bulk = mail({ recipients: [] });
    expect(JSON.parse(sendGridBulkBody(bulk, bulk.tracking))).toEqual(asObject(bulk));
  });
});
