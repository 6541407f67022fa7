import type { DataSource } from 'typeorm';
import {
  applySubstitutions,
  type BulkMail,
  type MailAddress,
  type MailTransport,
  type SendReceipt,
  type SingleMail,
} from './mail-transport';

const formatAddress = (address: MailAddress): string =>
  address.name ? `${address.name} <${address.email}>` : address.email;

/**
 * The dev transport: every message is stored in `outbox_messages` (viewable at `GET /outbox`)
 * instead of being delivered, so the whole system runs without an email account.
 */
export class OutboxTransport implements MailTransport {
  readonly name = 'outbox';

  constructor(private readonly dataSource: DataSource) {}

  async send(mail: SingleMail): Promise<SendReceipt> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO outbox_messages
         (to_address, from_address, subject, html, text, headers, categories, template, reference, campaign_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        mail.to,
        formatAddress(mail.from),
        mail.subject,
        mail.html,
        mail.text,
        JSON.stringify(mail.headers ?? {}),
        mail.categories,
        mail.template ?? null,
        mail.reference ?? null,
        mail.campaignId ?? null,
      ],
    )) as { id: string }[];
    return { providerMessageId: row!.id };
  }

  /** Expands the batch the way SendGrid would and stores one row per recipient in one statement. */
  async sendBulk(mail: BulkMail): Promise<SendReceipt> {
    const expanded = mail.recipients.map((recipient) => ({
      to: recipient.email,
      subject: applySubstitutions(mail.subject, recipient.substitutions),
      html: applySubstitutions(mail.html, recipient.substitutions),
      text: applySubstitutions(mail.text, recipient.substitutions),
      headers: recipient.headers,
    }));
    await this.dataSource.query(
      `INSERT INTO outbox_messages (to_address, from_address, subject, html, text, headers, categories, campaign_id)
       SELECT m.to_address, $2, m.subject, m.html, m.text, m.headers, $3, $4
       FROM jsonb_to_recordset($1::jsonb) AS m(to_address text, subject text, html text, text text, headers jsonb)`,
      [
        JSON.stringify(expanded.map(({ to, ...rest }) => ({ to_address: to, ...rest }))),
        formatAddress(mail.from),
        mail.categories,
        mail.campaignId,
      ],
    );
    return { providerMessageId: null };
  }
}
