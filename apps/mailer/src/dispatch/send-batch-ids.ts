import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { MAIL_TRANSPORT, type MailTransport } from '../transport/mail-transport';
import type { ScheduledSends } from '../transport/scheduled-sends';
import { currentSendBatchId, replaceSendBatchId, sendBatchIdsToRotate } from './lease.queries';

/** SendGrid refuses a cancel within this long of a `send_at`. */
const CANCEL_DEADLINE_MINUTES = 10;

/**
 * The SendGrid batch id each campaign's requests carry (MAIL_SEND_DELAY_MINUTES > 0): one from the
 * start, a fresh one for a retry or resend, and a new one whenever the current one first went out
 * more than half the cancel window ago, so that the batch id of any request still in flight can be
 * cancelled. With the setting at 0, or the dev outbox, nothing here does anything.
 */
@Injectable()
export class SendBatchIds {
  private readonly logger = new Logger(SendBatchIds.name);
  private readonly scheduled: ScheduledSends | null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {
    this.scheduled = config.MAIL_SEND_DELAY_MINUTES > 0 ? (transport.scheduledSends ?? null) : null;
  }

  get enabled(): boolean {
    return this.scheduled !== null;
  }

  /**
   * Gives a campaign to be sent that has none its first batch id (a start job run again keeps the
   * one it has). Throws when SendGrid cannot make one, before anything is planned or sent.
   */
  async ensure(campaignId: string): Promise<void> {
    if (!this.scheduled) return;
    const { sendBatchId, live } = await currentSendBatchId(this.dataSource, campaignId);
    if (sendBatchId !== null || !live) return;
    await replaceSendBatchId(this.dataSource, campaignId, null, await this.scheduled.createBatch());
  }

  /** A new batch id for the campaign's next requests. */
  async refresh(campaignId: string): Promise<void> {
    if (!this.scheduled) return;
    const { sendBatchId } = await currentSendBatchId(this.dataSource, campaignId);
    await this.replace(campaignId, sendBatchId);
  }

  /**
   * Replaces `current` (if it is still the campaign's) by a new batch id; with scheduled sends
   * off (MAIL_SEND_DELAY_MINUTES set back to 0), by none, so later requests go out at once and
   * never under a batch id being cancelled.
   */
  async replace(campaignId: string, current: string | null): Promise<void> {
    const next = this.scheduled ? await this.scheduled.createBatch() : null;
    await replaceSendBatchId(this.dataSource, campaignId, current, next);
  }

  /** Every sending campaign whose batch id went out first more than half the cancel window ago gets a new one. */
  async rotate(): Promise<void> {
    if (!this.scheduled) return;
    const minutes = (this.config.MAIL_SEND_DELAY_MINUTES - CANCEL_DEADLINE_MINUTES) / 2;
    for (const campaign of await sendBatchIdsToRotate(this.dataSource, minutes)) {
      await this.replace(campaign.id, campaign.send_batch_id);
      this.logger.log({ campaignId: campaign.id }, 'campaign requests carry a new SendGrid batch id');
    }
  }
}
