import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import {
  type BulkMail,
  type MailTracking,
  type MailTransport,
  type SendReceipt,
  type SingleMail,
  SUBSTITUTION_WRAPPERS,
} from './mail-transport';
import { SendGridScheduledSends } from './scheduled-sends';
import { mapSendGridError } from './sendgrid-error-mapping';

export interface SendGridSettings {
  apiKey: string;
  /** Replaces https://api.sendgrid.com/ (tests point it at a local fake). */
  apiUrl?: string;
  timeoutMs: number;
  /** MAIL_TRACKING: false sends every message with open and click tracking off. */
  trackingAllowed: boolean;
}

const NO_TRACKING: MailTracking = { opens: false, clicks: false };

const messageId = (headers: Record<string, unknown>): string | null => {
  const value = headers['x-message-id'] ?? headers['X-Message-Id'];
  return typeof value === 'string' ? value : null;
};

/**
 * SendGrid v3 mail send through the official SDK. Single messages go through `@sendgrid/mail`;
 * bulk sends post the v3 body through the same client, because the mail helper rebuilds every one
 * of the 1,000 personalizations into helper objects and back, which costs more than the request.
 */
export class SendGridTransport implements MailTransport {
  readonly name = 'sendgrid';
  private readonly client = new Client();
  private readonly mail = new MailService();
  private readonly trackingAllowed: boolean;
  readonly scheduledSends = new SendGridScheduledSends(this.client);

  constructor(settings: SendGridSettings) {
    this.trackingAllowed = settings.trackingAllowed;
    this.client.setApiKey(settings.apiKey);
    if (settings.apiUrl) this.client.setDefaultRequest('baseUrl', settings.apiUrl);
    this.mail.setClient(this.client);
    this.mail.setTimeout(settings.timeoutMs);
  }

  /** What a message asks for, unless the organisation turned tracking off for all of them. */
  private tracking(asked: MailTracking | undefined): MailTracking | undefined {
    return this.trackingAllowed ? asked : NO_TRACKING;
  }

  async send(mail: SingleMail): Promise<SendReceipt> {
    const tracking = this.tracking(mail.tracking);
    try {
      const [response] = await this.mail.send({
        to: mail.to,
        from: mail.from,
        replyTo: mail.replyTo,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        categories: mail.categories,
        headers: mail.headers,
        ...(tracking && {
          trackingSettings: {
            openTracking: { enable: tracking.opens },
            clickTracking: { enable: tracking.clicks },
          },
        }),
      });
      return { providerMessageId: messageId(response.headers) };
    } catch (error) {
      throw mapSendGridError(error);
    }
  }

  async sendBulk(mail: BulkMail): Promise<SendReceipt> {
    const [left, right] = SUBSTITUTION_WRAPPERS;
    const wrap = (substitutions: Record<string, string>): Record<string, string> => {
      const wrapped: Record<string, string> = {};
      for (const key in substitutions) wrapped[`${left}${key}${right}`] = substitutions[key]!;
      return wrapped;
    };
    const body = {
      personalizations: mail.recipients.map((recipient) => ({
        to: [{ email: recipient.email }],
        substitutions: wrap(recipient.substitutions),
        custom_args: recipient.customArgs,
        headers: recipient.headers,
      })),
      from: mail.from,
      ...(mail.replyTo ? { reply_to: { email: mail.replyTo } } : {}),
      subject: mail.subject,
      content: [
        { type: 'text/plain', value: mail.text },
        { type: 'text/html', value: mail.html },
      ],
      categories: mail.categories,
      tracking_settings: trackingSettings(this.tracking(mail.tracking)!),
      ...(mail.schedule && {
        batch_id: mail.schedule.batchId,
        send_at: Math.ceil(mail.schedule.sendAt.getTime() / 1_000),
      }),
    };
    try {
      const [response] = await this.client.request({ method: 'POST', url: '/v3/mail/send', body });
      return { providerMessageId: messageId(response.headers) };
    } catch (error) {
      throw mapSendGridError(error);
    }
  }
}

const trackingSettings = (tracking: MailTracking) => ({
  open_tracking: { enable: tracking.opens },
  click_tracking: { enable: tracking.clicks },
});
