import { LAST_STORABLE_EPOCH_SECOND } from '@crm/values';
import type { RecipientStatus, SuppressionReason } from '@crm/entities';
import { z } from 'zod';
import { redactLinkTokens } from '../outbox/redact-link-tokens';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// `.optional()` first: mail sent without campaign arguments (transactional) has no such keys at all.
const optionalUuid = z
  .unknown()
  .optional()
  .transform((value) => (typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null));

/** The longest click link stored; a longer one is stored as no link. */
export const MAX_CLICK_URL_LENGTH = 2_048;

/**
 * A click's link as stored: an absolute http(s) URL of at most MAX_CLICK_URL_LENGTH characters,
 * normalised by the URL parser (so one link always groups as one) and with link tokens redacted (an
 * unsubscribe or donor link is per person, and whoever holds its token can act as them); anything
 * else is dropped, from the stored payload too. A bad link never fails the batch: SendGrid would
 * retry it forever.
 */
export function clickUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_CLICK_URL_LENGTH) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const url = redactLinkTokens(parsed.href);
  return url.length <= MAX_CLICK_URL_LENGTH ? url : undefined;
}

/**
 * One event of SendGrid's event webhook. Only the fields we act on are typed; the rest is kept in
 * the stored payload. `campaign_id` and `recipient_id` are our `custom_args`, flattened by SendGrid.
 */
const sendGridEventSchema = z
  .object({
    sg_event_id: z.string().min(1).max(255),
    event: z.string().min(1).max(50),
    email: z.string().max(320).optional(),
    // A later (or millisecond) timestamp is past what timestamptz can hold.
    timestamp: z.number().int().nonnegative().max(LAST_STORABLE_EPOCH_SECOND),
    sg_message_id: z.string().max(255).optional(),
    type: z.string().max(50).optional(),
    // Uncapped: a bounce carries the receiving server's whole reply, which can run to kilobytes.
    reason: z.string().optional(),
    campaign_id: optionalUuid,
    recipient_id: optionalUuid,
    url: z.unknown().optional().transform(clickUrl),
  })
  .loose();

export const sendGridBatchSchema = z.array(sendGridEventSchema).min(1).max(100_000);

export type SendGridEvent = z.infer<typeof sendGridEventSchema>;

/**
 * The X-Message-Id SendGrid answered the send with: `sg_message_id` up to the `.filter…` part naming
 * the server that handled it. Older ids hold dots themselves; a drop may carry that part alone.
 */
export function providerMessageId(sgMessageId: string | undefined): string | null {
  if (!sgMessageId || /^[^.]*(?:filter|recvd)/.test(sgMessageId)) return null;
  return /^(.+?)\.[^.]*(?:filter|recvd)/.exec(sgMessageId)?.[1] ?? sgMessageId;
}

export interface RecipientEffect {
  status: RecipientStatus;
  rank: number;
}

/** How far a recipient got; an event only ever moves a recipient forward. */
export const RECIPIENT_RANK: Record<RecipientStatus, number> = {
  queued: 0,
  uncertain: 0,
  failed: 0,
  skipped: 0,
  sent: 1,
  delivered: 2,
  opened: 3,
  clicked: 4,
  unsubscribed: 5,
  bounced: 6,
  complained: 7,
};

const EVENT_STATUS: Record<string, RecipientStatus> = {
  processed: 'sent',
  deferred: 'sent',
  delivered: 'delivered',
  open: 'opened',
  click: 'clicked',
  bounce: 'bounced',
  dropped: 'bounced',
  spamreport: 'complained',
  unsubscribe: 'unsubscribed',
  group_unsubscribe: 'unsubscribed',
};

export function recipientEffect(event: SendGridEvent): RecipientEffect | null {
  const status = EVENT_STATUS[event.event];
  return status ? { status, rank: RECIPIENT_RANK[status] } : null;
}

export interface Feedback {
  suppression: SuppressionReason;
  kind: 'bounced' | 'complained' | 'unsubscribed';
}

/**
 * SendGrid's drop reasons that are about the address, and what each says of it. The others are
 * about us or the message ("Invalid SMTPAPI header", "Spam Content", "Recipient List over Package
 * Quota") and say nothing against mailing the address again.
 */
const ADDRESS_DROPS = new Map<string, Feedback>([
  ['invalid', { suppression: 'invalid', kind: 'bounced' }],
  ['bounced address', { suppression: 'bounce', kind: 'bounced' }],
  ['unsubscribed address', { suppression: 'unsubscribe', kind: 'unsubscribed' }],
  ['spam reporting address', { suppression: 'complaint', kind: 'complained' }],
]);

/** Hard bounces, drops for the address, spam reports and unsubscribes stop marketing mail to it. */
export function feedbackOf(event: SendGridEvent): Feedback | null {
  switch (event.event) {
    case 'bounce':
      return event.type === 'blocked' ? null : { suppression: 'bounce', kind: 'bounced' };
    case 'dropped':
      return ADDRESS_DROPS.get(event.reason?.trim().toLowerCase() ?? '') ?? null;
    case 'spamreport':
      return { suppression: 'complaint', kind: 'complained' };
    case 'unsubscribe':
    case 'group_unsubscribe':
      return { suppression: 'unsubscribe', kind: 'unsubscribed' };
    default:
      return null;
  }
}
