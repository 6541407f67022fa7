import { CampaignBatch, CampaignRecipient } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { AudienceUsePublisher } from '../audience-use/audience-use.publisher';
import { compactRecipientCounts } from '../campaigns/campaigns.queries';
import {
  claimBatch,
  finishCampaignIfDone,
  markBatchSent,
  noteNeedsAttention,
  type QueuedRecipient,
  releaseBatch,
} from './dispatch.queries';

export type { QueuedRecipient } from './dispatch.queries';

type BatchState = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'missing';

export interface ClaimedBatch {
  recipients: QueuedRecipient[];
  resumed: boolean;
}

/**
 * The batch state machine `pending → sending → sent | failed`, plus `uncertain` for a batch whose
 * request may or may not have reached SendGrid. Every transition is one guarded UPDATE, so two
 * processes can never both move the same batch, and a batch is never sent twice by accident.
 */
@Injectable()
export class BatchLedger {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audienceUse: AudienceUsePublisher,
  ) {}

  /**
   * Moves a pending batch of a sending campaign to `sending` and returns its queued recipients, in
   * one statement that commits before anything is sent; null when the batch is not ours to send.
   * `resumed`: the batch was claimed before (a retry after a 429 or 5xx, a retry of failed or a
   * resend of uncertain recipients), so time has passed since the freeze checked eligibility.
   */
  async claim(campaignId: string, seq: number): Promise<ClaimedBatch | null> {
    return claimBatch(this.dataSource, campaignId, seq);
  }

  async state(campaignId: string, seq: number): Promise<BatchState> {
    const batch = await this.dataSource
      .getRepository(CampaignBatch)
      .findOne({ select: { status: true }, where: { campaignId, seq } });
    return batch?.status ?? 'missing';
  }

  async markSent(campaignId: string, seq: number, providerMessageId: string | null): Promise<void> {
    // One statement, committed without waiting for the WAL flush (set_config(…, true) lasts until
    // this statement's own commit): if PostgreSQL loses it, the batch is back in `sending`, which
    // recovery turns into `uncertain` — never into a blind resend. A batch another process already
    // took for `uncertain` while this one was still waiting for SendGrid (a second mailer starting,
    // a stalled job run again) is `sent` after all: this process has SendGrid's 202.
    await markBatchSent(this.dataSource, campaignId, seq, providerMessageId);
  }

  /** The request's fate is unknown: its recipients wait for provider events or a staff resend. */
  async markUncertain(campaignId: string, seq: number, reason: string): Promise<void> {
    await this.finishBatch(campaignId, seq, 'uncertain', reason);
  }

  async markFailed(campaignId: string, seq: number, reason: string): Promise<void> {
    await this.finishBatch(campaignId, seq, 'failed', reason);
  }

  /** Nothing was accepted (5xx, 429, refused): back to `pending` for the job's retry. */
  async release(campaignId: string, seq: number, reason: string, countAttempt: boolean): Promise<void> {
    await releaseBatch(this.dataSource, campaignId, seq, reason.slice(0, 500), countAttempt);
  }

  /**
   * After a crash: batches this process did not start but which are still `sending` were cut off
   * mid-request. They become `uncertain`, never pending again. Returns the campaigns touched.
   */
  async sweepInterrupted(startedBefore: Date): Promise<string[]> {
    const rows = await this.dataSource.getRepository(CampaignBatch).find({
      select: { campaignId: true, seq: true },
      where: { status: 'sending', startedAt: LessThan(startedBefore) },
    });
    for (const row of rows) {
      await this.markUncertain(row.campaignId, row.seq, 'interrupted mid-request (mailer restarted)');
    }
    return [...new Set(rows.map((row) => row.campaignId))];
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
  ): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const moved = await tx.update(
        CampaignBatch,
        { campaignId, seq, status: 'sending' },
        { status, lastError: reason.slice(0, 500), finishedAt: () => 'now()' },
      );
      if (!moved.affected) return;
      await tx.update(CampaignRecipient, { campaignId, batchSeq: seq, status: 'queued' }, { status });
      await noteNeedsAttention(tx, campaignId);
    });
  }
}
