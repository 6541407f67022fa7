import { randomBytes } from 'node:crypto';
import { type RecordedRequest, RecordingServer, type ScriptedResponse } from './recording-server';

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
  /** A scheduled send: the batch it belongs to (cancellable) and when to deliver (Unix seconds). */
  batch_id?: string;
  send_at?: number;
}

/** SendGrid refuses to cancel or pause a batch later than this before a `send_at` of it. */
export const CANCEL_DEADLINE_MS = 10 * 60_000;

const refused = (message: string, field: string | null = null): ScriptedResponse => ({
  status: 400,
  body: { errors: [{ field, message }] },
});

/**
 * A local stand-in for SendGrid's v3 mail send API: answers 202 with an `X-Message-Id`, records
 * each body, and can be scripted to answer 429 (with reset headers), 500 or not at all. It also
 * knows scheduled sends: batch ids (`POST /v3/mail/batch`), and cancelling one
 * (`POST /v3/user/scheduled_sends`, status `cancel`; refused within 10 minutes of a `send_at` of
 * the batch, as SendGrid does), after which none of that batch id's mail counts as delivered.
 */
export class FakeSendGrid extends RecordingServer {
  static readonly API_KEY = 'SG.fake-key';
  private readonly acceptedRequests: RecordedRequest[];
  /** Batch id → its scheduled-send status (`cancel`, `pause`) once one was set. */
  private readonly batches: Map<string, string | null>;

  constructor(now: () => number = Date.now) {
    const accepted: RecordedRequest[] = [];
    const batches = new Map<string, string | null>();
    super({
      'POST /v3/mail/send': (request) => {
        const body = mailBody(request);
        if (body.batch_id !== undefined && !batches.has(body.batch_id)) {
          return refused('invalid batch id', 'batch_id');
        }
        accepted.push(request);
        return { status: 202, headers: { 'X-Message-Id': randomBytes(11).toString('base64url') } };
      },
      'POST /v3/mail/batch': () => {
        const batchId = randomBytes(16).toString('hex');
        batches.set(batchId, null);
        return { status: 201, body: { batch_id: batchId } };
      },
      'GET /v3/user/scheduled_sends/:batchId': (request) => {
        const batchId = decodeURIComponent(request.path.split('/').pop()!);
        const status = batches.get(batchId);
        return { status: 200, body: status ? [{ batch_id: batchId, status }] : [] };
      },
      'POST /v3/user/scheduled_sends': (request) => {
        const { batch_id: batchId, status } = JSON.parse(request.rawBody || '{}') as {
          batch_id?: string;
          status?: string;
        };
        if (!batchId || !batches.has(batchId)) return refused('invalid batch id', 'batch_id');
        if (status !== 'cancel' && status !== 'pause')
          return refused('status must be cancel or pause', 'status');
        if (batches.get(batchId)) return refused('batch id already has a status', 'batch_id');
        const earliest = Math.min(
          ...accepted
            .map(mailBody)
            .filter((body) => body.batch_id === batchId && body.send_at !== undefined)
            .map((body) => body.send_at! * 1_000),
        );
        if (earliest - now() < CANCEL_DEADLINE_MS) {
          return refused('cannot cancel or pause a batch within 10 minutes of its send_at', 'batch_id');
        }
        batches.set(batchId, status);
        return { status: 201, body: { batch_id: batchId, status } };
      },
    });
    this.acceptedRequests = accepted;
    this.batches = batches;
  }

  /** The parsed body of every send request received, whatever it was answered. */
  get sends(): SendGridMailBody[] {
    return this.requestsTo('POST', '/v3/mail/send').map(mailBody);
  }

  /** Bodies the fake answered 202 itself (not a scripted answer): mail SendGrid would accept. */
  get accepted(): SendGridMailBody[] {
    return this.acceptedRequests.map(mailBody);
  }

  /** Accepted mail SendGrid would deliver: all of it except what a cancelled or paused batch id holds. */
  get delivered(): SendGridMailBody[] {
    return this.accepted.filter((body) => body.batch_id === undefined || !this.batches.get(body.batch_id));
  }

  /** Batch ids whose scheduled sends were cancelled. */
  get cancelledBatches(): string[] {
    return [...this.batches].filter(([, status]) => status === 'cancel').map(([batchId]) => batchId);
  }

  env(): Record<string, string> {
    return { SENDGRID_API_KEY: FakeSendGrid.API_KEY, SENDGRID_API_URL: this.url };
  }
}

const mailBody = (request: RecordedRequest): SendGridMailBody =>
  JSON.parse(request.rawBody) as SendGridMailBody;
