import { OutboxMessage } from '@crm/entities';
import type { DataSource } from 'typeorm';
import {
  applySubstitutions,
  type BulkMail,
  type MailAddress,
  type MailTransport,
  type SendReceipt,
  type SingleMail,
} from './mail-transport';
import { storeOutboxBatch } from './transport.queries';

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
    const repository = this.dataSource.getRepository(OutboxMessage);
    const message = repository.create({
      toAddress: mail.to,
      fromAddress: formatAddress(mail.from),
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: mail.headers ?? {},
      categories: mail.categories,
      template: mail.template ?? null,
      reference: mail.reference ?? null,
      campaignId: mail.campaignId ?? null,
    });
    await repository.insert(message);
    return { providerMessageId: message.id };
  }

  /** Expands the batch the way SendGrid would and stores one row per recipient in one statement. */
  async sendBulk(mail: BulkMail): Promise<SendReceipt> {
    const copies: Parameters<typeof storeOutboxBatch>[1] = [];
    await mail.recipients.each((recipient) =>
      copies.push({
        to_address: recipient.email,
        subject: applySubstitutions(mail.subject, recipient.substitutions),
        html: applySubstitutions(mail.html, recipient.substitutions),
        text: applySubstitutions(mail.text, recipient.substitutions),
        headers: recipient.headers,
      }),
    );
    await storeOutboxBatch(this.dataSource, copies, {
      from: formatAddress(mail.from),
      categories: mail.categories,
      campaignId: mail.campaignId,
    });
    return { providerMessageId: null };
  }
}
