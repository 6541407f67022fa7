import { randomBytes } from 'node:crypto';

export type SendGridEventType =
  | 'processed'
  | 'deferred'
  | 'delivered'
  | 'open'
  | 'click'
  | 'bounce'
  | 'dropped'
  | 'spamreport'
  | 'unsubscribe'
  | 'group_unsubscribe'
  | 'group_resubscribe';

const USER_AGENT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)';

/**
 * The fields each event type carries besides the common ones, as in SendGrid's Event Webhook
 * reference (twilio.com/docs/sendgrid/for-developers/tracking-events/event) and deliveries recorded
 * in public parsers' tests (django-anymail, SendGridKit): `attempt` a string, `tls` and `cert_err`
 * numbers, `url_offset` an object, `asm_group_id` a number, `pool` an object.
 */
const FIELDS: Record<SendGridEventType, Record<string, unknown>> = {
  processed: { pool: { name: 'new_MY_test', id: 210 }, send_at: 0 },
  deferred: { ip: '168.1.1.1', response: '400 try again later', attempt: '5' },
  delivered: {
    ip: '168.1.1.1',
    response: '250 2.0.0 OK 1461095248 m143si2210036ioe.159 - gsmtp',
    tls: 1,
    cert_err: 0,
  },
  open: { sg_machine_open: false, useragent: USER_AGENT, ip: '255.255.255.255' },
  click: {
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'https://example.org/donate?utm_source=newsletter',
    url_offset: { index: 0, type: 'html' },
  },
  bounce: {
    ip: '167.89.17.173',
    reason: '550 5.1.1 The email account that you tried to reach does not exist.',
    status: '5.1.1',
    type: 'bounce',
    bounce_classification: 'Invalid Address',
    tls: 1,
  },
  dropped: { reason: 'Bounced Address', status: '5.0.0' },
  spamreport: {},
  unsubscribe: {},
  group_unsubscribe: {
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'https://example.org/',
    asm_group_id: 10,
  },
  group_resubscribe: {
    useragent: USER_AGENT,
    ip: '255.255.255.255',
    url: 'https://example.org/',
    asm_group_id: 10,
  },
};

/** Opens, clicks and unsubscribes come from the recipient, not from SendGrid's MTA: no `smtp-id`. */
const FROM_RECIPIENT = new Set<SendGridEventType>(['open', 'click', 'unsubscribe']);

/**
 * One message as SendGrid tracks it: each of its events names the recipient, the X-Message-Id
 * SendGrid answered the send with (in `sg_message_id`, with the `.filter…` suffix of the server
 * that handled it), its own base64 `sg_event_id`, and the message's custom args flattened at the
 * top level, the way SendGrid delivers `custom_args`.
 */
export class SendGridMessage {
  constructor(
    readonly email: string,
    readonly customArgs: Record<string, unknown> = {},
    readonly xMessageId = randomBytes(16).toString('base64url').slice(0, 22),
  ) {}

  event(type: SendGridEventType, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      email: this.email,
      timestamp: Math.floor(Date.now() / 1000),
      ...(FROM_RECIPIENT.has(type)
        ? {}
        : { 'smtp-id': `<${this.xMessageId}@ismtpd0039p1iad1.sendgrid.net>` }),
      event: type,
      category: ['campaign'],
      sg_event_id: randomBytes(16).toString('base64'),
      sg_message_id: `${this.xMessageId}.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0`,
      ...FIELDS[type],
      ...this.customArgs,
      ...extra,
    };
  }
}
