import { APP_CONFIG } from '@crm/config';
import type { Campaign, RecipientStatus } from '@crm/entities';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MailerConfig } from '../config/mailer.config';
import { countByStatus, uncertainBatchRows } from './campaigns.queries';
import type { CampaignBatchCountsDto, CampaignCountsDto, UncertainBatchDto } from './dto/campaign.dto';

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

export interface CampaignStats {
  counts: CampaignCountsDto;
  batches: CampaignBatchCountsDto;
  uncertainBatches: UncertainBatchDto[];
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
    const counts = (await this.counts([campaign.id])).get(campaign.id)!;
    const batchesBy = (await this.countBy('campaign_batches', [campaign.id])).get(campaign.id) ?? {};
    return {
      counts,
      batches: {
        pending: batchesBy.pending ?? 0,
        sending: batchesBy.sending ?? 0,
        sent: batchesBy.sent ?? 0,
        failed: batchesBy.failed ?? 0,
        uncertain: batchesBy.uncertain ?? 0,
      },
      uncertainBatches: await this.uncertainBatches(campaign.id),
      eta: this.eta(campaign, counts),
    };
  }

  /** Recipient counts of several campaigns in one query (a campaign list page). */
  async counts(campaignIds: string[]): Promise<Map<string, CampaignCountsDto>> {
    const grouped = await this.countBy('campaign_recipients', campaignIds);
    return new Map(campaignIds.map((id) => [id, toCounts(grouped.get(id) ?? {})]));
  }

  private eta(campaign: Campaign, counts: CampaignCountsDto): string | null {
    if (campaign.status !== 'sending' || !campaign.startedAt) return null;
    const done = counts.total - counts.queued;
    const elapsedMs = Date.now() - campaign.startedAt.getTime();
    if (counts.queued === 0) return new Date().toISOString();
    if (done === 0 || elapsedMs <= 0) return null;
    return new Date(Date.now() + (counts.queued * elapsedMs) / done).toISOString();
  }

  private async uncertainBatches(campaignId: string): Promise<UncertainBatchDto[]> {
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
    }));
  }

  private async countBy(
    table: 'campaign_recipients' | 'campaign_batches',
    campaignIds: string[],
  ): Promise<Map<string, Record<string, number>>> {
    const rows = await countByStatus(this.dataSource, table, campaignIds);
    const grouped = new Map<string, Record<string, number>>();
    for (const row of rows)
      grouped.set(row.campaign_id, { ...grouped.get(row.campaign_id), [row.status]: row.n });
    return grouped;
  }
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
