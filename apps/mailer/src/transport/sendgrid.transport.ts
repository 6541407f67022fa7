import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import {
  type BulkMail,
  type MailTracking,
  type MailTransport,
  type SendReceipt,
  type SingleMail,
} from './mail-transport';
import { BodyBufferPool } from './body-buffer-pool';
import { SendGridScheduledSends } from './scheduled-sends';
import { sendGridBulkBody } from './sendgrid-bulk-body';
import { mapSendGridError } from './sendgrid-error-mapping';

export interface SendGridSettings {
  apiKey: string;
  /** Replaces https://api.sendgrid.com/ (tests point it at a local fake). */
  apiUrl?: string;
  timeoutMs: number;
  /** MAIL_TRACKING: false sends every message with open and click tracking off. */
  trackingAllowed: boolean;
  /** How many bulk bodies are built and posted at once (their memory is used again). */
  bulkSendsAtOnce: number;
}

const NO_TRACKING: MailTracking = { opens: false, clicks: false };

/**
 * Where a bulk body's bytes ride through the SDK's client to axios: the client copies the request
 * `body` with Object.assign (a Buffer would become an object of a million numbered keys), which
 * keeps a symbol-keyed property as it is, and the transform below hands axios the Buffer.
 */
const BODY_BYTES = Symbol('sendgrid bulk body bytes');

type CarriedBody = { [BODY_BYTES]: Buffer };

const carried = (data: unknown): Buffer | undefined =>
  typeof data === 'object' && data !== null && BODY_BYTES in data
    ? (data as CarriedBody)[BODY_BYTES]
    : undefined;

const messageId = (headers: Record<string, unknown>): string | null => {
  const value = headers['x-message-id'] ?? headers['X-Message-Id'];
  return typeof value === 'string' ? value : null;
};

/**
 * SendGrid v3 mail send through the official SDK. Single messages go through `@sendgrid/mail`;
 * bulk sends post the v3 body, written as JSON bytes, through the SDK's client, because the mail
 * helper rebuilds every one of the 1,000 personalizations into helper objects and back, which
 * costs more than the request.
 */
export class SendGridTransport implements MailTransport {
  readonly name = 'sendgrid';
  private readonly client = new Client();
  private readonly mail = new MailService();
  /** Bulk sends: their body is JSON bytes already, which this client posts as they are. */
  private readonly bulkClient = new Client();
  private readonly trackingAllowed: boolean;
  private readonly bulkBodies: BodyBufferPool;
  readonly scheduledSends = new SendGridScheduledSends(this.client);

  constructor(settings: SendGridSettings) {
    this.trackingAllowed = settings.trackingAllowed;
    this.bulkBodies = new BodyBufferPool(settings.bulkSendsAtOnce);
    this.client.setApiKey(settings.apiKey);
    if (settings.apiUrl) this.client.setDefaultRequest('baseUrl', settings.apiUrl);
    this.mail.setClient(this.client);
    this.mail.setTimeout(settings.timeoutMs);
    this.bulkClient.setApiKey(settings.apiKey);
    if (settings.apiUrl) this.bulkClient.setDefaultRequest('baseUrl', settings.apiUrl);
    // The client hands any axios option set as a default to axios; its typings name only a few.
    const axiosDefaults = this.bulkClient as unknown as {
      setDefaultRequest(key: string, value: unknown): void;
    };
    axiosDefaults.setDefaultRequest('timeout', settings.timeoutMs);
    // The body's bytes as they are: axios would JSON.parse a string body to check it, and stringify an object.
    axiosDefaults.setDefaultRequest('transformRequest', [(data: unknown) => carried(data) ?? data]);
    // SendGrid's API never redirects; without redirects axios writes the body to Node's own request
    // instead of copying it into follow-redirects' replay buffers (a quarter of a bulk post's CPU).
    axiosDefaults.setDefaultRequest('maxRedirects', 0);
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
    const bytes = await sendGridBulkBody(mail, this.tracking(mail.tracking)!, this.bulkBodies);
    const body: CarriedBody = { [BODY_BYTES]: bytes };
    try {
      const [response] = await this.bulkClient.request({ method: 'POST', url: '/v3/mail/send', body });
      // SendGrid answered 2xx, so it has read the whole body: its memory may be written over.
      this.bulkBodies.give(bytes);
      return { providerMessageId: messageId(response.headers) };
    } catch (error) {
      throw mapSendGridError(error);
    }
  }
}
