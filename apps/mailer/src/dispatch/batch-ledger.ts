import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface QueuedRecipient {
  id: string;
  supporter_id: string;
  /** Null once the supporter was erased. */
  email: string | null;
  first_name: string | null;
}

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
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Moves a pending batch of a sending campaign to `sending` and returns its queued recipients, in
   * one statement that commits before anything is sent; null when the batch is not ours to send.
   * `resumed`: the batch was claimed before (a retry after a 429 or 5xx, a retry of failed or a
   * resend of uncertain recipients), so time has passed since the freeze checked eligibility.
   */
  async claim(campaignId: string, seq: number): Promise<ClaimedBatch | null> {
    const rows = (await this.dataSource.query(
      `WITH previous AS (SELECT started_at, requeued FROM campaign_batches WHERE campaign_id = $1 AND seq = $2),
       claimed AS (
         UPDATE campaign_batches b
            SET status = 'sending', attempts = b.attempts + 1, started_at = now(), last_error = NULL
           FROM campaigns c
          WHERE b.campaign_id = $1 AND b.seq = $2 AND b.status = 'pending'
            AND c.id = b.campaign_id AND c.status = 'sending'
          RETURNING b.seq)
       SELECT r.id, r.supporter_id, r.email, r.first_name,
              (SELECT started_at IS NOT NULL OR requeued FROM previous) AS resumed
         FROM claimed
         LEFT JOIN campaign_recipients r ON r.campaign_id = $1 AND r.batch_seq = claimed.seq AND r.status = 'queued'`,
      [campaignId, seq],
    )) as ((QueuedRecipient | { id: null }) & { resumed: boolean })[];
    if (rows.length === 0) return null;
    return {
      recipients: rows.filter((row): row is QueuedRecipient & { resumed: boolean } => row.id !== null),
      resumed: rows[0]!.resumed,
    };
  }

  async state(campaignId: string, seq: number): Promise<BatchState> {
    const rows = (await this.dataSource.query(
      `SELECT status FROM campaign_batches WHERE campaign_id = $1 AND seq = $2`,
      [campaignId, seq],
    )) as { status: BatchState }[];
    return rows[0]?.status ?? 'missing';
  }

  async markSent(campaignId: string, seq: number, providerMessageId: string | null): Promise<void> {
    // One statement, committed without waiting for the WAL flush (set_config(…, true) lasts until
    // this statement's own commit): if PostgreSQL loses it, the batch is back in `sending`, which
    // recovery turns into `uncertain` — never into a blind resend. A batch another process already
    // took for `uncertain` while this one was still waiting for SendGrid (a second mailer starting,
    // a stalled job run again) is `sent` after all: this process has SendGrid's 202.
    await this.dataSource.query(
      `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
            batch AS (
              UPDATE campaign_batches SET status = 'sent', provider_message_id = coalesce($3, provider_message_id),
                     last_error = NULL, finished_at = now()
               WHERE campaign_id = $1 AND seq = $2 AND status IN ('sending', 'uncertain')
               RETURNING seq)
       UPDATE campaign_recipients r SET status = 'sent', provider_message_id = $3, sent_at = now()
         FROM batch, relaxed
        WHERE r.campaign_id = $1 AND r.batch_seq = batch.seq AND r.status IN ('queued', 'uncertain')`,
      [campaignId, seq, providerMessageId],
    );
  }

  /** The request's fate is unknown: its recipients wait for provider events or a staff resend. */
  async markUncertain(campaignId: string, seq: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.finishBatch(tx, campaignId, seq, 'uncertain', { lastError: reason }))) return;
      await tx.query(
        `UPDATE campaign_recipients SET status = 'uncertain'
          WHERE campaign_id = $1 AND batch_seq = $2 AND status = 'queued'`,
        [campaignId, seq],
      );
    });
  }

  async markFailed(campaignId: string, seq: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!(await this.finishBatch(tx, campaignId, seq, 'failed', { lastError: reason }))) return;
      await tx.query(
        `UPDATE campaign_recipients SET status = 'failed'
          WHERE campaign_id = $1 AND batch_seq = $2 AND status = 'queued'`,
        [campaignId, seq],
      );
    });
  }

  /** Nothing was accepted (5xx, 429, refused): back to `pending` for the job's retry. */
  async release(campaignId: string, seq: number, reason: string, countAttempt: boolean): Promise<void> {
    await this.dataSource.query(
      `UPDATE campaign_batches SET status = 'pending', last_error = $3,
              attempts = attempts - CASE WHEN $4 THEN 0 ELSE 1 END
        WHERE campaign_id = $1 AND seq = $2 AND status = 'sending'`,
      [campaignId, seq, reason.slice(0, 500), countAttempt],
    );
  }

  /**
   * After a crash: batches this process did not start but which are still `sending` were cut off
   * mid-request. They become `uncertain`, never pending again. Returns the campaigns touched.
   */
  async sweepInterrupted(startedBefore: Date): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT campaign_id, seq FROM campaign_batches WHERE status = 'sending' AND started_at < $1`,
      [startedBefore],
    )) as { campaign_id: string; seq: number }[];
    for (const row of rows) {
      await this.markUncertain(row.campaign_id, row.seq, 'interrupted mid-request (mailer restarted)');
    }
    return [...new Set(rows.map((row) => row.campaign_id))];
  }

  /** A sending campaign with no batch left to send is finished: `sent`, or `failed` if nothing went. */
  async finishCampaignIfDone(campaignId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE campaigns c
          SET status = CASE WHEN EXISTS (SELECT 1 FROM campaign_batches b WHERE b.campaign_id = c.id AND b.status <> 'failed')
                              OR NOT EXISTS (SELECT 1 FROM campaign_batches b WHERE b.campaign_id = c.id)
                            THEN 'sent' ELSE 'failed' END,
              finished_at = now(), updated_at = now()
        WHERE c.id = $1 AND c.status = 'sending'
          AND NOT EXISTS (SELECT 1 FROM campaign_batches b
                           WHERE b.campaign_id = c.id AND b.status IN ('pending', 'sending'))`,
      [campaignId],
    );
  }

  private async finishBatch(
    tx: EntityManager,
    campaignId: string,
    seq: number,
    status: 'sent' | 'failed' | 'uncertain',
    detail: { providerMessageId?: string | null; lastError?: string },
  ): Promise<boolean> {
    const [, moved] = (await tx.query(
      `UPDATE campaign_batches SET status = $3, provider_message_id = coalesce($4, provider_message_id),
              last_error = $5, finished_at = now()
        WHERE campaign_id = $1 AND seq = $2 AND status = 'sending'`,
      [campaignId, seq, status, detail.providerMessageId ?? null, detail.lastError?.slice(0, 500) ?? null],
    )) as [unknown, number];
    return moved > 0;
  }
}
