import { randomBytes } from 'node:crypto';
import { type RecordedRequest, RecordingServer } from './recording-server';

export interface SendGridPersonalization {
  to: { email: string; name?: string }[];
  substitutions?: Record<string, string>;
  dynamic_template_data?: Record<string, unknown>;
  custom_args?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface SendGridMailBody {
  personalizations: SendGridPersonalization[];
  from: { email: string; name?: string };
  subject?: string;
  content?: { type: string; value: string }[];
  headers?: Record<string, string>;
  categories?: string[];
  custom_args?: Record<string, string>;
  tracking_settings?: {
    open_tracking?: { enable?: boolean };
    click_tracking?: { enable?: boolean; enable_text?: boolean };
  };
}

/**
 * A local stand-in for SendGrid's v3 mail send API: answers 202 with an `X-Message-Id`, records
 * each body, and can be scripted to answer 429 (with reset headers), 500 or not at all.
 */
export class FakeSendGrid extends RecordingServer {
  static readonly API_KEY = 'SG.fake-key';
  private readonly acceptedRequests: RecordedRequest[];

  constructor() {
    const accepted: RecordedRequest[] = [];
    super({
      'POST /v3/mail/send': (request) => {
        accepted.push(request);
        return { status: 202, headers: { 'X-Message-Id': randomBytes(11).toString('base64url') } };
      },
    });
    this.acceptedRequests = accepted;
  }

  /** The parsed body of every send request received, whatever it was answered. */
  get sends(): SendGridMailBody[] {
    return this.requestsTo('POST', '/v3/mail/send').map(mailBody);
  }

  /** Bodies the fake answered 202 itself (not a scripted answer): mail SendGrid would deliver. */
  get accepted(): SendGridMailBody[] {
    return this.acceptedRequests.map(mailBody);
  }

  env(): Record<string, string> {
    return { SENDGRID_API_KEY: FakeSendGrid.API_KEY, SENDGRID_API_URL: this.url };
  }
}

const mailBody = (request: RecordedRequest): SendGridMailBody =>
  JSON.parse(request.rawBody) as SendGridMailBody;
