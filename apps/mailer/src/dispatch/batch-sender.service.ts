import { APP_CONFIG } from '@crm/config';
import { Campaign } from '@crm/entities';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { MAIL_TRANSPORT, type MailTransport, type SendReceipt } from '../transport/mail-transport';
import {
  MailOutcomeUnknownError,
  MailProviderUnavailableError,
  MailRateLimitedError,
  MailRejectedError,
} from '../transport/transport-errors';
import { BatchLedger, type ClaimedBatch, type QueuedRecipient } from './batch-ledger';
import { type BatchRecipient, CampaignMailBuilder } from './campaign-mail.builder';
import { skipRecipients, stillMailableRecipients, supportersDepartedSince } from './dispatch.queries';
import { SendPacer } from './send-pacer';

export type BatchOutcome = 'sent' | 'uncertain' | 'not-pending';

/** The batch is being sent by another run; its job tries again later (a retry, not a failure). */
export class BatchHeldElsewhereError extends Error {
  constructor(campaignId: string, seq: number) {
    super(`batch ${seq} of campaign ${campaignId} is being sent by another run; trying again later`);
  }
}

/**
 * Sends one campaign batch as one SendGrid request. Whether a retry may resend depends on what
 * SendGrid can have seen: nothing (429, 5xx, refused) → back to pending; unknown (timeout, crash)
 * → `uncertain`, never resent blindly; a 4xx → failed for good.
 */
@Injectable()
export class BatchSenderService {
  private readonly logger = new Logger(BatchSenderService.name);
  private readonly pacer: SendPacer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BatchLedger,
    private readonly builder: CampaignMailBuilder,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {
    this.pacer = new SendPacer(config.MAIL_SEND_RATE);
  }

  async send(campaignId: string, seq: number, finalAttempt: boolean): Promise<BatchOutcome> {
    const claimed = await this.ledger.claim(campaignId, seq);
    if (!claimed) {
      // `sending` under another claim: a stalled job run again while its first run still waits on
      // SendGrid, or a claim whose process died (taken over when its lease runs out, by
      // BatchRecoveryService, never here). This job retries rather than completing, because that
      // run may yet put the batch back to pending (a 429 or 5xx) without a job left to send it.
      if ((await this.ledger.state(campaignId, seq)) === 'sending')
        throw new BatchHeldElsewhereError(campaignId, seq);
      return 'not-pending'; // sent, finished, or its campaign no longer sending
    }
    try {
      return await this.sendClaimed(campaignId, seq, claimed, finalAttempt);
    } finally {
      this.ledger.done(claimed);
    }
  }

  private async sendClaimed(
    campaignId: string,
    seq: number,
    claimed: ClaimedBatch,
    finalAttempt: boolean,
  ): Promise<BatchOutcome> {
    const prepared = await this.prepare(campaignId, claimed).catch(async (error: unknown) => {
      await this.ledger.release(campaignId, seq, claimed, String(error), true);
      throw error;
    });
    if (prepared.recipients.length > 0) {
      const receipt = await this.deliver(campaignId, seq, claimed, prepared, finalAttempt);
      if (!receipt) return 'uncertain';
      const recorded = await this.ledger.markSent(campaignId, seq, claimed, receipt.providerMessageId);
      this.logger.log(
        { campaignId, seq, recipients: prepared.recipients.length, recorded },
        recorded
          ? 'campaign batch sent'
          : 'campaign batch sent under a cancelled batch id; it goes out again',
      );
    } else {
      await this.ledger.markSent(campaignId, seq, claimed, null);
    }
    await this.ledger.finishCampaignIfDone(campaignId);
    return 'sent';
  }

  private async prepare(
    campaignId: string,
    { recipients: queued, resumed }: ClaimedBatch,
  ): Promise<{ campaign: Campaign; recipients: BatchRecipient[] }> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneByOrFail({ id: campaignId });
    // The freeze checked eligibility. A batch going out again (a retry, a resend) or long after it
    // (a slow send) checks every recipient again; any other batch skips those who left since the
    // campaign started (unsubscribed, erased, suppressed), a lookup of those few minutes' changes.
    const recheck =
      resumed ||
      !campaign.startedAt ||
      Date.now() - campaign.startedAt.getTime() >= this.config.MAIL_RECHECK_AFTER_SECONDS * 1_000;
    const mailable = recheck ? await this.stillMailable(queued) : null;
    const departed = recheck ? null : await this.departedSince(campaign.startedAt!);
    const rows = queued.filter(
      (row): row is BatchRecipient =>
        row.email !== null && (mailable?.has(row.id) ?? true) && !(departed?.has(row.supporterId) ?? false),
    );
    if (rows.length < queued.length) {
      const sending = new Set(rows.map((row) => row.id));
      await skipRecipients(
        this.dataSource,
        queued.filter((row) => !sending.has(row.id)).map((row) => row.id),
      );
    }
    return { campaign, recipients: rows };
  }

  /** Supporters who stopped being mailable after `since`: few, found through time indexes. */
  private async departedSince(since: Date): Promise<Set<string>> {
    return new Set(await supportersDepartedSince(this.dataSource, since));
  }

  /** The ids among these recipients whose supporter may still be mailed right now. */
  private async stillMailable(recipients: QueuedRecipient[]): Promise<Set<string>> {
    return new Set(
      await stillMailableRecipients(
        this.dataSource,
        recipients.map((row) => row.id),
        this.config.SOFT_OPT_IN,
      ),
    );
  }

  /**
   * The receipt, or null when the outcome is unknown: the batch is then `uncertain`, or, when its
   * request carried a cancellable SendGrid batch id, given up to recovery at once (cancelled and
   * sent again, so nobody is left uncertain).
   */
  private async deliver(
    campaignId: string,
    seq: number,
    claimed: ClaimedBatch,
    { campaign, recipients }: { campaign: Campaign; recipients: BatchRecipient[] },
    finalAttempt: boolean,
  ): Promise<SendReceipt | null> {
    await this.pacer.reserve(recipients.length);
    try {
      const mail = this.builder.bulk(campaign, recipients);
      if (claimed.sendBatchId) {
        const sendAt = new Date(Date.now() + this.config.MAIL_SEND_DELAY_MINUTES * 60_000);
        mail.schedule = { batchId: claimed.sendBatchId, sendAt };
      }
      return await this.transport.sendBulk(mail);
    } catch (error) {
      if (error instanceof MailRateLimitedError) {
        await this.ledger.release(campaignId, seq, claimed, error.message, false);
        throw error;
      }
      if (error instanceof MailProviderUnavailableError && !finalAttempt) {
        await this.ledger.release(campaignId, seq, claimed, error.message, true);
        throw error;
      }
      if (error instanceof MailOutcomeUnknownError && claimed.sendBatchId) {
        this.logger.warn(
          { campaignId, seq },
          'campaign batch outcome unknown; its batch id will be cancelled and sent again',
        );
        await this.ledger.abandon(campaignId, seq, claimed);
        return null;
      }
      if (error instanceof MailOutcomeUnknownError) {
        this.logger.warn({ campaignId, seq }, 'campaign batch outcome unknown; marked uncertain');
        await this.ledger.markUncertain(campaignId, seq, claimed, error.message);
        await this.ledger.finishCampaignIfDone(campaignId);
        return null;
      }
      await this.ledger.markFailed(
        campaignId,
        seq,
        claimed,
        error instanceof Error ? error.message : String(error),
      );
      await this.ledger.finishCampaignIfDone(campaignId);
      throw error instanceof MailRejectedError ? new UnrecoverableError(error.message) : error;
    }
  }
}
