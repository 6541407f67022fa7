import { type BulkMail, type BulkRecipient, bulkRecipients } from './mail-transport';
import { sendGridBulkBody } from './sendgrid-bulk-body';

const RECIPIENTS: BulkRecipient[] = [
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
];

const mail = (
  overrides: Partial<BulkMail> = {},
  recipients = RECIPIENTS,
): BulkMail & { list: BulkRecipient[] } => ({
  from: { email: 'hello@example.org', name: 'Friends "of" the Earth' },
  subject: 'News for [%m0t%]',
  html: '<p>Hello [%m1h%]</p><a href="[%m2h%]">unsubscribe</a>',
  text: 'Hello [%m0t%]\n',
  categories: ['campaign'],
  campaignId: 'c1',
  tracking: { opens: true, clicks: false },
  recipients: bulkRecipients(recipients),
  list: recipients,
  ...overrides,
});

/** The request object the transport used to hand the SDK to serialise. */
const asObject = (bulk: BulkMail & { list: BulkRecipient[] }, tracking = bulk.tracking): unknown => ({
  personalizations: bulk.list.map((recipient) => ({
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
  it('is the JSON of the v3 request, values with quotes, backslashes, separators and emoji intact', async () => {
    const bulk = mail();
    const text = (await sendGridBulkBody(bulk, bulk.tracking)).toString('utf8');
    expect(JSON.parse(text)).toEqual(asObject(bulk));
    expect(text).toBe(JSON.stringify(asObject(bulk)));
  });

  it('carries reply-to, the batch id and send_at, and the tracking it is given', async () => {
    const bulk = mail({
      replyTo: 'replies@example.org',
      schedule: { batchId: 'YmF0Y2g', sendAt: new Date('2026-12-07T03:00:00.500Z') },
    });
    const off = { opens: false, clicks: false };
    const body = JSON.parse((await sendGridBulkBody(bulk, off)).toString('utf8')) as Record<string, unknown>;
    expect(body).toEqual(asObject(bulk, off));
    expect(body).toMatchObject({
      batch_id: 'YmF0Y2g',
      send_at: 1796612401,
      reply_to: { email: 'replies@example.org' },
    });
  });

  it('writes an empty personalization list for no recipients', async () => {
    const bulk = mail({}, []);
    const text = (await sendGridBulkBody(bulk, bulk.tracking)).toString('utf8');
    expect(text).toBe(JSON.stringify(asObject(bulk)));
  });

  it('grows its buffer for recipients far longer than it made room for, every byte intact', async () => {
    const long: BulkRecipient[] = Array.from({ length: 50 }, (_, n) => ({
      email: `ünïcode${n}@example.org`,
      substitutions: { m0t: `Zoë 😀 ${'ß€'.repeat(400 + n)}`, m1h: '\u0000"\n' },
      customArgs: { campaign_id: 'c1', recipient_id: `r${n}` },
      headers: { 'List-Unsubscribe': `<https://x/u?token=${'a'.repeat(300)}>` },
    }));
    const bulk = mail({}, long);
    const text = (await sendGridBulkBody(bulk, bulk.tracking)).toString('utf8');
    expect(text).toBe(JSON.stringify(asObject(bulk)));
  });
});
