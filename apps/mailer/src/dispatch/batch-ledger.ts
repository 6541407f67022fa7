import { CampaignBatch } from '@crm/entities';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AudienceUsePublisher } from '../audience-use/audience-use.publisher';
import { BatchLeases } from './batch-leases';
import { compactRecipientCounts } from '../campaigns/campaigns.queries';
import {
  analyzeRecipients,
  claimBatch,
  finishCampaignIfDone,
  markBatchSent,
  type QueuedRecipient,
  releaseBatch,
} from './dispatch.queries';
import { expireLease, finishBatchAs } from './lease.queries';

export type { QueuedRecipient } from './dispatch.queries';

/**
 * The claim of this batch refreshes the ledger's planner statistics, once its campaign's first
 * batches are written. Statistics that have never seen the campaign (the ledger emptied, or last
 * analysed before it started) make the planner find each later batch's rows through the
 * supporter key instead of the batch index: a million-recipient send took 119 s instead of 38.
 */
const STATISTICS_AFTER_BATCH = 10;

type BatchState = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'missing';

export interface ClaimedBatch {
  recipients: QueuedRecipient[];
  resumed: boolean;
  /** The campaign's SendGrid batch id its request carries, or null to send at once. */
  sendBatchId: string | null;
  /** The claim's lease token: only its holder records the batch's outcome. */
  token: string;
}

/**
 * The batch state machine `pending → sending → sent | failed`, plus `uncertain` for a batch whose
 * request may or may not have reached SendGrid. Every transition is one guarded UPDATE, so two
 * processes can never both move the same batch, and a batch is never sent twice by accident. A
 * `sending` batch is owned by the claim that took it (its lease token, renewed while in flight);
 * only that claim records its outcome, and only an expired lease lets anyone else take it.
 */
@Injectable()
export class BatchLedger {
  private readonly logger = new Logger(BatchLedger.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audienceUse: AudienceUsePublisher,
    private readonly leases: BatchLeases,
  ) {}

  /**
   * Moves a pending batch of a sending campaign to `sending` and returns its queued recipients, in
   * one statement that commits before anything is sent; null when the batch is not ours to send.
   * `resumed`: the batch was claimed before (a retry after a 429 or 5xx, a retry of failed or a
   * resend of uncertain recipients), so time has passed since the freeze checked eligibility.
   */
  async claim(campaignId: string, seq: number): Promise<ClaimedBatch | null> {
    const token = this.leases.hold();
    const claimed = await claimBatch(this.dataSource, campaignId, seq, token, this.leases.seconds).catch(
      (error: unknown) => {
        this.leases.release(token);
        throw error;
      },
    );
    if (!claimed) {
      this.leases.release(token);
      return null;
    }
    if (seq === STATISTICS_AFTER_BATCH) {
      // The batch is claimed: a failure here must not leave it sending without a send.
      await this.dataSource
        .transaction((tx) => analyzeRecipients(tx))
        .catch((error: unknown) =>
          this.logger.warn({ campaignId, err: error }, 'ledger statistics not refreshed'),
        );
    }
    return { ...claimed, token };
  }

  /** The claim is over, whatever became of it: its lease is no longer renewed. */
  done(batch: ClaimedBatch): void {
    this.leases.release(batch.token);
  }

  async state(campaignId: string, seq: number): Promise<BatchState> {
    const batch = await this.dataSource
      .getRepository(CampaignBatch)
      .findOne({ select: { status: true }, where: { campaignId, seq } });
    return batch?.status ?? 'missing';
  }

  /**
   * One statement, committed without waiting for the WAL flush (set_config(…, true) lasts until
   * this statement's own commit): if PostgreSQL loses it, the batch is back in `sending` and its
   * lease runs out, which recovery turns into `uncertain` (or a cancel and resend) — never into a
   * blind resend. False when the claim no longer holds the batch (sent again under a new batch id).
   */
  async markSent(
    campaignId: string,
    seq: number,
    batch: ClaimedBatch,
    providerMessageId: string | null,
  ): Promise<boolean> {
    return markBatchSent(this.dataSource, campaignId, seq, batch.token, providerMessageId);
  }

  /** The request's fate is unknown: its recipients wait for provider events or a staff resend. */
  async markUncertain(campaignId: string, seq: number, batch: ClaimedBatch, reason: string): Promise<void> {
    await this.finishBatch(campaignId, seq, 'uncertain', reason, { token: batch.token });
  }

  async markFailed(campaignId: string, seq: number, batch: ClaimedBatch, reason: string): Promise<void> {
    await this.finishBatch(campaignId, seq, 'failed', reason, { token: batch.token });
  }

  /** A batch whose lease ran out (its process died mid-request) becomes `uncertain`; false if it was not expired. */
  async expireToUncertain(campaignId: string, seq: number, reason: string): Promise<boolean> {
    return this.finishBatch(campaignId, seq, 'uncertain', reason, 'expired');
  }

  /** Nothing was accepted (5xx, 429, refused): back to `pending` for the job's retry. */
  async release(
    campaignId: string,
    seq: number,
    batch: ClaimedBatch,
    reason: string,
    countAttempt: boolean,
  ): Promise<void> {
    await releaseBatch(this.dataSource, campaignId, seq, batch.token, reason.slice(0, 500), countAttempt);
  }

  /** Gives the batch up to recovery at once (its cancellable request's outcome is unknown). */
  async abandon(campaignId: string, seq: number, batch: ClaimedBatch): Promise<void> {
    await expireLease(this.dataSource, campaignId, seq, batch.token);
  }

  /**
   * A sending campaign with no batch left to send is finished: `sent`, or `failed` if nothing went.
   * Every batch outcome passes here, so it is also where the campaign's count rows are folded; a
   * campaign that finished no longer relies on its audience.
   */
  async finishCampaignIfDone(campaignId: string): Promise<void> {
    const finished = await finishCampaignIfDone(this.dataSource, campaignId);
    await compactRecipientCounts(this.dataSource, campaignId);
    if (finished) await this.audienceUse.sync(campaignId);
  }

  /**
   * `sending` → `failed` or `uncertain`, with the batch's queued recipients and the campaign's
   * needs-attention notification, in one transaction.
   */
  private async finishBatch(
    campaignId: string,
    seq: number,
    status: 'failed' | 'uncertain',
    reason: string,
    holder: { token: string } | 'expired',
  ): Promise<boolean> {
    return this.dataSource.transaction((tx) =>
      finishBatchAs(tx, campaignId, seq, status, reason.slice(0, 500), holder),
    );
  }
}
