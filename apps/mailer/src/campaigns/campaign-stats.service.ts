import { APP_CONFIG } from '@crm/config';
import type { Campaign, CampaignStatus, RecipientStatus } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import {
  batchCountsByStatus,
  failedBatchRows,
  recipientCountsByStatus,
  recentlySent,
  type StatusCount,
  uncertainBatchRows,
} from './campaigns.queries';
import type {
  SendAttentionDto,
  CampaignBatchCountsDto,
  CampaignCountsDto,
  FailedBatchDto,
  UncertainBatchDto,
} from './dto/campaign.dto';

/** The ledger statuses that show a recipient got at least this far (also the campaign report's). */
export const AFTER_SENT: readonly RecipientStatus[] = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
];
export const AFTER_DELIVERED: readonly RecipientStatus[] = [
  'delivered',
  'opened',
  'clicked',
  'complained',
  'unsubscribed',
];
const AFTER_OPENED: readonly RecipientStatus[] = ['opened', 'clicked'];

/** Campaign statuses in which failed or uncertain recipients may be sent again. */
export const REQUEUEABLE: readonly CampaignStatus[] = ['sending', 'sent', 'failed'];

export interface CampaignStats {
  counts: CampaignCountsDto;
  batches: CampaignBatchCountsDto;
  uncertainBatches: UncertainBatchDto[];
  failedBatches: FailedBatchDto[];
  attention: SendAttentionDto;
  ratePerMinute: number | null;
  eta: string | null;
}

/** Live counts from the send ledger, and a finish estimate from the rate so far. */
@Injectable()
export class CampaignStatsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: MailerConfig,
  ) {}

  async stats(campaign: Campaign): Promise<CampaignStats> {
    // Batches first: a batch and its recipients become `sent` in one statement, so recipients read
    // after the batches count at least every recipient of a batch read as sent.
    const batchesBy =
      grouped(await batchCountsByStatus(this.dataSource, [campaign.id])).get(campaign.id) ?? {};
    const counts = (await this.counts([campaign.id])).get(campaign.id)!;
    const requeueable = REQUEUEABLE.includes(campaign.status);
    const uncertainBatches = await this.uncertainBatches(campaign.id, requeueable);
    const failedBatches = await this.failedBatches(campaign.id, requeueable);
    return {
      counts,
      batches: {
        pending: batchesBy.pending ?? 0,
        sending: batchesBy.sending ?? 0,
        sent: batchesBy.sent ?? 0,
        failed: batchesBy.failed ?? 0,
        uncertain: batchesBy.uncertain ?? 0,
      },
      uncertainBatches,
      failedBatches,
      attention: attentionOf(uncertainBatches, failedBatches),
      ratePerMinute: await this.ratePerMinute(campaign),
      eta: this.eta(campaign, counts),
    };
  }

  /** Recipient counts of several campaigns in one query (a campaign list page). */
  async counts(campaignIds: string[]): Promise<Map<string, CampaignCountsDto>> {
    const byCampaign = grouped(await recipientCountsByStatus(this.dataSource, campaignIds));
    return new Map(campaignIds.map((id) => [id, toCounts(byCampaign.get(id) ?? {})]));
  }

  private eta(campaign: Campaign, counts: CampaignCountsDto): string | null {
    if (campaign.status !== 'sending' || !campaign.startedAt) return null;
    const done = counts.total - counts.queued;
    const elapsedMs = Date.now() - campaign.startedAt.getTime();
    if (counts.queued === 0) return new Date().toISOString();
    if (done === 0 || elapsedMs <= 0) return null;
    return new Date(Date.now() + (counts.queued * elapsedMs) / done).toISOString();
  }

  /** Recipients per minute SendGrid accepted over the last minute (or since the start). */
  private async ratePerMinute(campaign: Campaign): Promise<number | null> {
    if (campaign.status !== 'sending' || !campaign.startedAt) return null;
    const recent = await recentlySent(this.dataSource, campaign.id, campaign.startedAt);
    if (recent.window_seconds <= 0) return 0;
    return Math.round((recent.recipients * 60) / recent.window_seconds);
  }

  private async failedBatches(campaignId: string, requeueable: boolean): Promise<FailedBatchDto[]> {
    const rows = await failedBatchRows(this.dataSource, campaignId);
    return rows.map((row) => ({
      seq: row.seq,
      recipientCount: row.recipient_count,
      failed: row.still_failed,
      reason: row.last_error,
      since: row.finished_at.toISOString(),
      retryableNow: requeueable && row.still_failed > 0,
    }));
  }

  private async uncertainBatches(campaignId: string, requeueable: boolean): Promise<UncertainBatchDto[]> {
    const rows = await uncertainBatchRows(
      this.dataSource,
      campaignId,
      this.config.MAIL_UNCERTAIN_GRACE_MINUTES,
    );
    return rows.map((row) => ({
      seq: row.seq,
      recipientCount: row.recipient_count,
      unconfirmed: row.unconfirmed,
      reason: row.last_error,
      since: row.finished_at.toISOString(),
      resendableAt: row.resendable_at.toISOString(),
      resendableNow: requeueable && row.grace_over && row.unconfirmed > 0,
    }));
  }
}

function grouped(rows: StatusCount[]): Map<string, Record<string, number>> {
  const byCampaign = new Map<string, Record<string, number>>();
  for (const row of rows)
    byCampaign.set(row.campaign_id, { ...byCampaign.get(row.campaign_id), [row.status]: row.n });
  return byCampaign;
}

function attentionOf(uncertain: UncertainBatchDto[], failed: FailedBatchDto[]): SendAttentionDto {
  const waiting = uncertain.filter((batch) => batch.unconfirmed > 0).map((batch) => batch.resendableAt);
  return {
    uncertainRecipients: uncertain.reduce((sum, batch) => sum + batch.unconfirmed, 0),
    canResendUncertainNow: uncertain.some((batch) => batch.resendableNow),
    resendUncertainFrom: waiting.length > 0 ? waiting.sort()[0]! : null,
    failedRecipients: failed.reduce((sum, batch) => sum + batch.failed, 0),
    canRetryFailedNow: failed.some((batch) => batch.retryableNow),
  };
}

function toCounts(byStatus: Record<string, number>): CampaignCountsDto {
  const sum = (statuses: readonly string[]): number =>
    statuses.reduce((total, status) => total + (byStatus[status] ?? 0), 0);
  return {
    total: Object.values(byStatus).reduce((total, n) => total + n, 0),
    queued: byStatus.queued ?? 0,
    sent: sum(AFTER_SENT),
    delivered: sum(AFTER_DELIVERED),
    opened: sum(AFTER_OPENED),
    clicked: byStatus.clicked ?? 0,
    bounced: byStatus.bounced ?? 0,
    complained: byStatus.complained ?? 0,
    unsubscribed: byStatus.unsubscribed ?? 0,
    failed: byStatus.failed ?? 0,
    uncertain: byStatus.uncertain ?? 0,
    skipped: byStatus.skipped ?? 0,
  };
}
