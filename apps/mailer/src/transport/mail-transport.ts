/** A sender address as SendGrid and RFC 5322 know it. */
export interface MailAddress {
  email: string;
  name?: string;
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
}

/** One person in a bulk send: their address, merge values and per-message headers. */
export interface BulkRecipient {
  email: string;
  /** Substitution tag (without wrappers) → value, applied to subject, HTML and text. */
  substitutions: Record<string, string>;
  customArgs: Record<string, string>;
  headers: Record<string, string>;
}

/** One provider request for up to 1,000 recipients sharing a body with substitution tags. */
export interface BulkMail extends MailEnvelope {
  campaignId: string;
  recipients: BulkRecipient[];
}

export interface SendReceipt {
  /** SendGrid's `X-Message-Id` (the outbox row id for the dev transport). */
  providerMessageId: string | null;
}

/** Where mail goes: SendGrid when an API key is configured, the dev outbox table otherwise. */
export interface MailTransport {
  readonly name: 'sendgrid' | 'outbox';
  send(mail: SingleMail): Promise<SendReceipt>;
  sendBulk(mail: BulkMail): Promise<SendReceipt>;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Substitution tags look like `[%key%]` in bodies and subjects. */
export const SUBSTITUTION_WRAPPERS: readonly [string, string] = ['[%', '%]'];

export const substitutionTag = (key: string): string =>
  `${SUBSTITUTION_WRAPPERS[0]}${key}${SUBSTITUTION_WRAPPERS[1]}`;

/** What SendGrid does with a personalization's substitutions, for transports that deliver locally. */
export function applySubstitutions(content: string, substitutions: Record<string, string>): string {
  let result = content;
  for (const [key, value] of Object.entries(substitutions)) {
    result = result.split(substitutionTag(key)).join(value);
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
