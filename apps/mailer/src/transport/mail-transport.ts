import type { ScheduledSends } from './scheduled-sends';

/** A sender address as SendGrid and RFC 5322 know it. */
export interface MailAddress {
  email: string;
  name?: string;
}

/** SendGrid open and click tracking asked for one message (MAIL_TRACKING=false overrides it). */
export interface MailTracking {
  opens: boolean;
  clicks: boolean;
}

/** What every message has, whoever it goes to. */
interface MailEnvelope {
  from: MailAddress;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  categories: string[];
}

/** One message to one person (transactional mail, campaign tests). */
export interface SingleMail extends MailEnvelope {
  to: string;
  headers?: Record<string, string>;
  /** Ledger keys, so the dev outbox can show which template and reference a message belongs to. */
  template?: string;
  reference?: string;
  campaignId?: string;
  /** Left out: SendGrid's account settings apply (unless MAIL_TRACKING=false turns tracking off). */
  tracking?: MailTracking;
}

/** One person in a bulk send: their address, merge values and per-message headers. */
export interface BulkRecipient {
  email: string;
  /** Substitution tag (without wrappers) → value, applied to subject, HTML and text. */
  substitutions: Record<string, string>;
  customArgs: Record<string, string>;
  headers: Record<string, string>;
}

/**
 * A bulk send's recipients, made one at a time while a transport writes them out, so nobody's
 * merge values, tokens and headers outlive their turn (a batch held them all, eight batches at a
 * time, while each waited on SendGrid: most of the mailer's heap growth and garbage collection).
 */
export interface BulkRecipients {
  readonly length: number;
  /** Visits each recipient once, in order; may yield to the event loop between them. */
  each(visit: (recipient: BulkRecipient) => void): Promise<void>;
}

/** Recipients already made, as `BulkRecipients`. */
export const bulkRecipients = (list: readonly BulkRecipient[]): BulkRecipients => ({
  length: list.length,
  each: async (visit) => list.forEach((recipient) => visit(recipient)),
});

/** One provider request for up to 1,000 recipients sharing a body with substitution tags. */
export interface BulkMail extends MailEnvelope {
  campaignId: string;
  tracking: MailTracking;
  recipients: BulkRecipients;
  /** MAIL_SEND_DELAY_MINUTES > 0: SendGrid's `batch_id` and when it delivers (`send_at`). */
  schedule?: { batchId: string; sendAt: Date };
}

export interface SendReceipt {
  /** SendGrid's `X-Message-Id` (the outbox row id for the dev transport). */
  providerMessageId: string | null;
}

/** Where mail goes: SendGrid when an API key is configured, the dev outbox table otherwise. */
export interface MailTransport {
  readonly name: 'sendgrid' | 'outbox';
  /** Scheduled sends that can be cancelled; absent where mail is delivered at once (the dev outbox). */
  readonly scheduledSends?: ScheduledSends;
  send(mail: SingleMail): Promise<SendReceipt>;
  sendBulk(mail: BulkMail): Promise<SendReceipt>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Substitution tags look like `[%key%]` in bodies and subjects. */
export const SUBSTITUTION_WRAPPERS: readonly [string, string] = ['[%', '%]'];

export const substitutionTag = (key: string): string =>
  `${SUBSTITUTION_WRAPPERS[0]}${key}${SUBSTITUTION_WRAPPERS[1]}`;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any substitution tag: the wrappers around a key of letters, digits and `_`. */
const SUBSTITUTION_TAG = new RegExp(
  `${escapeRegExp(SUBSTITUTION_WRAPPERS[0])}(\\w+)${escapeRegExp(SUBSTITUTION_WRAPPERS[1])}`,
  'g',
);

/**
 * What SendGrid does with a personalization's substitutions, for transports that deliver locally:
 * every tag replaced in one pass, so a value is never scanned again. (Replacing tag after tag
 * expanded a tag written inside an earlier value: a name `[%m3t%]` put a raw, unescaped value into
 * the HTML.) Tags without a value stay as they are.
 */
export function applySubstitutions(content: string, substitutions: Record<string, string>): string {
  return content.replace(SUBSTITUTION_TAG, (tag, key: string) =>
    Object.hasOwn(substitutions, key) ? substitutions[key]! : tag,
  );
}

const TAG_WRAPPER = new RegExp(SUBSTITUTION_WRAPPERS.map(escapeRegExp).join('|'), 'g');

/**
 * `value` without the wrappers of substitution tags (`[%`, `%]`), for merge values: SendGrid
 * substitutes tag after tag, so a tag inside a value could be expanded again. Removed until none
 * is left (taking `[%` out of `[[%%` leaves another).
 */
export function withoutSubstitutionTags(value: string): string {
  let result = value;
  while (result.includes(SUBSTITUTION_WRAPPERS[0]) || result.includes(SUBSTITUTION_WRAPPERS[1])) {
    result = result.replace(TAG_WRAPPER, '');
  }
  return result;
}

/** Parses `Name <address>` or a bare address. */
export function parseMailAddress(value: string): MailAddress {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(value);
  if (!match) return { email: value.trim() };
  const name = match[1]!.replace(/^"|"$/g, '');
  return name ? { email: match[2]!.trim(), name } : { email: match[2]!.trim() };
}
