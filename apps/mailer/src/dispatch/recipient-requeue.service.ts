import { APP_CONFIG } from '@crm/config';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { CampaignStartService } from './campaign-start.service';

export type RequeueSource = 'uncertain' | 'failed';

export interface RequeueResult {
  recipients: number;
  batches: number;
  /** For `uncertain`: uncertain batches still inside the grace period, and when the first leaves it. */
  waitingUntil: Date | null;
}

/**
 * Puts recipients who may not have received the campaign into new batches: those whose batch
 * failed, or — after the grace period, and only if no provider event has confirmed them since —
 * those whose batch was uncertain. Everyone else keeps their status, so nobody gets it twice.
 */
@Injectable()
export class RecipientRequeueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly starter: CampaignStartService,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  async requeue(campaignId: string, source: RequeueSource): Promise<RequeueResult> {
    const result = await this.dataSource.transaction(async (tx) => {
      const waitingUntil = source === 'uncertain' ? await this.reconcileUncertain(tx, campaignId) : null;
      const seqs = await this.moveToNewBatches(tx, campaignId, source);
      if (seqs.length > 0) {
        await tx.query(
          `UPDATE campaigns SET status = 'sending', finished_at = NULL, updated_at = now()
            WHERE id = $1 AND status IN ('sending', 'sent', 'failed')`,
          [campaignId],
        );
      }
      return { seqs, waitingUntil };
    });
    await this.starter.queueBatches(
      campaignId,
      result.seqs.map((row) => row.seq),
    );
    return {
      recipients: result.seqs.reduce((sum, row) => sum + row.recipient_count, 0),
      batches: result.seqs.length,
      waitingUntil: result.waitingUntil,
    };
  }

  /** Uncertain recipients with any provider event were accepted: they count as sent. */
  private async reconcileUncertain(tx: EntityManager, campaignId: string): Promise<Date | null> {
    await tx.query(
      `UPDATE campaign_recipients r SET status = 'sent'
        WHERE r.campaign_id = $1 AND r.status = 'uncertain'
          AND EXISTS (SELECT 1 FROM email_events e WHERE e.recipient_id = r.id)`,
      [campaignId],
    );
    const [row] = (await tx.query(
      `SELECT min(finished_at) + make_interval(mins => $2) AS until FROM campaign_batches
        WHERE campaign_id = $1 AND status = 'uncertain' AND finished_at > now() - make_interval(mins => $2)`,
      [campaignId, this.config.MAIL_UNCERTAIN_GRACE_MINUTES],
    )) as { until: Date | null }[];
    return row?.until ?? null;
  }

  private async moveToNewBatches(
    tx: EntityManager,
    campaignId: string,
    source: RequeueSource,
  ): Promise<{ seq: number; recipient_count: number }[]> {
    const fromBatches =
      source === 'uncertain'
        ? `AND r.batch_seq IN (SELECT seq FROM campaign_batches WHERE campaign_id = $1 AND status = 'uncertain'
                                AND finished_at <= now() - make_interval(mins => $4))`
        : '';
    const params: unknown[] = [campaignId, source, this.config.MAIL_BATCH_SIZE];
    if (source === 'uncertain') params.push(this.config.MAIL_UNCERTAIN_GRACE_MINUTES);
    return (await tx.query(
      `WITH base AS (SELECT coalesce(max(seq), -1) + 1 AS next FROM campaign_batches WHERE campaign_id = $1),
            picked AS (SELECT r.id, row_number() OVER (ORDER BY r.id) AS rn FROM campaign_recipients r
                        WHERE r.campaign_id = $1 AND r.status = $2 ${fromBatches}),
            moved AS (UPDATE campaign_recipients r SET status = 'queued', batch_seq = base.next + (picked.rn - 1) / $3
                        FROM picked, base WHERE r.id = picked.id RETURNING r.batch_seq)
       INSERT INTO campaign_batches (campaign_id, seq, status, recipient_count, requeued)
       SELECT $1, batch_seq, 'pending', count(*), true FROM moved GROUP BY batch_seq
       RETURNING seq, recipient_count`,
      params,
    )) as { seq: number; recipient_count: number }[];
  }
}
