import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ClaimedBatch {
  id: string;
  attempts: number;
}

type BatchState = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'missing';

/**
 * The batch state machine `pending → sending → sent | failed`, plus `uncertain` for a batch whose
 * request may or may not have reached SendGrid. Every transition is one guarded UPDATE, so two
 * processes can never both move the same batch, and a batch is never sent twice by accident.
 */
@Injectable()
export class BatchLedger {
  constructor(private readonly dataSource: DataSource) {}

  /** Moves a pending batch of a sending campaign to `sending`; null when it is not ours to send. */
  async claim(campaignId: string, seq: number): Promise<ClaimedBatch | null> {
    const rows = (await this.dataSource.query(
      `UPDATE campaign_batches b
          SET status = 'sending', attempts = b.attempts + 1, started_at = now(), last_error = NULL
         FROM campaigns c
        WHERE b.campaign_id = $1 AND b.seq = $2 AND b.status = 'pending'
          AND c.id = b.campaign_id AND c.status = 'sending'
        RETURNING b.id, b.attempts`,
      [campaignId, seq],
    )) as [ClaimedBatch[], number];
    return rows[0][0] ?? null;
  }

  async state(campaignId: string, seq: number): Promise<BatchState> {
    const rows = (await this.dataSource.query(
      `SELECT status FROM campaign_batches WHERE campaign_id = $1 AND seq = $2`,
      [campaignId, seq],
    )) as { status: BatchState }[];
    return rows[0]?.status ?? 'missing';
  }

  async markSent(campaignId: string, seq: number, providerMessageId: string | null): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // Safe to commit without waiting for the WAL flush: if PostgreSQL loses this, the batch is
      // back in `sending`, which recovery turns into `uncertain` — never into a blind resend.
      await tx.query('SET LOCAL synchronous_commit = off');
      if (!(await this.finishBatch(tx, campaignId, seq, 'sent', { providerMessageId }))) return;
      await tx.query(
        `UPDATE campaign_recipients SET status = 'sent', provider_message_id = $3, sent_at = now()
          WHERE campaign_id = $1 AND batch_seq = $2 AND status = 'queued'`,
        [campaignId, seq, providerMessageId],
      );
    });
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
