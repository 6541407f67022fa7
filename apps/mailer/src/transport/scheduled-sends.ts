import type { Client } from '@sendgrid/client';
import { mapSendGridError } from './sendgrid-error-mapping';

/**
 * SendGrid's scheduled sends (MAIL_SEND_DELAY_MINUTES > 0): a campaign's requests carry a
 * `batch_id` and a `send_at`, and cancelling the batch id before then means none of them is
 * delivered, so a crash can be undone exactly instead of leaving people uncertain.
 */
export interface ScheduledSends {
  /** A new SendGrid batch id (`POST /v3/mail/batch`). */
  createBatch(): Promise<string>;
  /**
   * Cancels everything sent or still to be sent with this batch id (`POST /v3/user/scheduled_sends`,
   * status `cancel`); a batch id cancelled before is left as it is. Throws a `MailTransportError`
   * when SendGrid refuses (within 10 minutes of a `send_at`) or cannot be reached.
   */
  cancelBatch(batchId: string): Promise<void>;
}

interface ScheduledSendStatus {
  batch_id: string;
  status: string;
}

export class SendGridScheduledSends implements ScheduledSends {
  constructor(private readonly client: Client) {}

  async createBatch(): Promise<string> {
    try {
      const [, body] = await this.client.request({ method: 'POST', url: '/v3/mail/batch' });
      const batchId = (body as { batch_id?: unknown } | null)?.batch_id;
      if (typeof batchId !== 'string' || batchId === '') throw new Error('SendGrid answered no batch_id');
      return batchId;
    } catch (error) {
      throw mapSendGridError(error);
    }
  }

  async cancelBatch(batchId: string): Promise<void> {
    try {
      if ((await this.status(batchId)) === 'cancel') return;
      await this.client.request({
        method: 'POST',
        url: '/v3/user/scheduled_sends',
        body: { batch_id: batchId, status: 'cancel' },
      });
    } catch (error) {
      // Another mailer may have cancelled it between our look and our request.
      const cancelled = await this.status(batchId).then(
        (status) => status === 'cancel',
        () => false,
      );
      if (!cancelled) throw mapSendGridError(error);
    }
  }

  /** `cancel`, `pause`, or null when nothing was ever asked of this batch id. */
  private async status(batchId: string): Promise<string | null> {
    const [, body] = await this.client.request({
      method: 'GET',
      url: `/v3/user/scheduled_sends/${encodeURIComponent(batchId)}`,
    });
    const entries = Array.isArray(body) ? (body as ScheduledSendStatus[]) : [];
    return entries.find((entry) => entry.batch_id === batchId)?.status ?? null;
  }
}
