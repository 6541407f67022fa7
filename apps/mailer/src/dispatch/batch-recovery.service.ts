import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MAIL_TRANSPORT, type MailTransport } from '../transport/mail-transport';
import { MailRejectedError } from '../transport/transport-errors';
import { BatchLedger } from './batch-ledger';
import { CampaignStartService } from './campaign-start.service';
import { type ExpiredBatch, expiredBatches, resendCancelledBatchId } from './lease.queries';
import { SendBatchIds } from './send-batch-ids';

const groupBy = <T>(items: T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

/**
 * Takes over what a dead mailer left: batches still `sending` whose lease ran out (their process
 * stopped renewing it). Run by every mailer, at start-up and every quarter of the lease, so a live
 * peer's batches, whose leases it renews, are never touched.
 *
 * - A batch sent at once (MAIL_SEND_DELAY_MINUTES 0) may or may not have reached SendGrid: it
 *   becomes `uncertain`, for provider events or a staff resend to settle.
 * - A batch whose request carried a SendGrid batch id: that batch id is cancelled (nothing sent
 *   with it will be delivered), and every batch of the campaign that went out with it is sent
 *   again under a new one — exactly once, nobody uncertain. If SendGrid refuses the cancel (too
 *   close to `send_at`), the expired batches become `uncertain` as above.
 */
@Injectable()
export class BatchRecoveryService {
  private readonly logger = new Logger(BatchRecoveryService.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BatchLedger,
    private readonly starter: CampaignStartService,
    private readonly sendBatchIds: SendBatchIds,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  /** One pass; a pass still running is joined rather than doubled. */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const expired = await expiredBatches(this.dataSource);
    if (expired.length === 0) return;
    const scheduled = this.transport.scheduledSends;
    const uncertain = scheduled ? expired.filter((batch) => !batch.send_batch_id) : expired;
    await this.markUncertain(uncertain);
    const cancellable = expired.filter((batch) => scheduled && batch.send_batch_id);
    const groups = groupBy(cancellable, (batch) => `${batch.campaign_id} ${batch.send_batch_id}`);
    for (const batches of groups.values()) await this.cancelAndResend(batches);
  }

  private async markUncertain(batches: ExpiredBatch[]): Promise<void> {
    for (const [campaignId, ofCampaign] of groupBy(batches, (batch) => batch.campaign_id)) {
      let moved = 0;
      for (const { seq } of ofCampaign) {
        const reason = 'its mailer stopped mid-request (lease expired)';
        if (await this.ledger.expireToUncertain(campaignId, seq, reason)) moved += 1;
      }
      if (moved === 0) continue;
      this.logger.warn(
        { campaignId, batches: moved },
        'batches left mid-send by a stopped mailer; marked uncertain',
      );
      await this.ledger.finishCampaignIfDone(campaignId);
    }
  }

  /** Batches of one campaign whose requests carried one SendGrid batch id. */
  private async cancelAndResend(batches: ExpiredBatch[]): Promise<void> {
    const { campaign_id: campaignId, send_batch_id: sendBatchId } = batches[0]!;
    const scheduled = this.transport.scheduledSends!;
    try {
      // New claims carry a new batch id first, so nothing goes out under the old one once it is cancelled.
      await this.sendBatchIds.replace(campaignId, sendBatchId);
      await scheduled.cancelBatch(sendBatchId!);
    } catch (error) {
      if (!(error instanceof MailRejectedError)) throw error;
      this.logger.error(
        { campaignId, err: error },
        'SendGrid refused to cancel a batch id; its cut-off batches are uncertain',
      );
      await this.markUncertain(batches);
      return;
    }
    const resent = await this.dataSource.transaction((tx) =>
      resendCancelledBatchId(tx, campaignId, sendBatchId!),
    );
    await this.starter.queueBatches(campaignId, resent);
    this.logger.warn(
      { campaignId, batches: resent.length },
      'a mailer stopped mid-send: its SendGrid batch id was cancelled and its batches go out again',
    );
  }
}
