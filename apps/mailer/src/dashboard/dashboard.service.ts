import type { CampaignStatus } from '@crm/entities';
import { InjectProducer, mailerDispatchQueue, type QueueProducer, transactionalMailQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatsService } from '../campaigns/campaign-stats.service';
import type {
  CampaignsAttentionDto,
  FailedJobsDto,
  LastCampaignDto,
  MailerDashboardDto,
} from './dto/mailer-dashboard.dto';

const LISTED_PROBLEM_CAMPAIGNS = 10;

/** The mailer's figures on the console's home screen. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly stats: CampaignStatsService,
    @InjectProducer(mailerDispatchQueue) private readonly dispatch: QueueProducer<typeof mailerDispatchQueue>,
    @InjectProducer(transactionalMailQueue)
    private readonly transactional: QueueProducer<typeof transactionalMailQueue>,
  ) {}

  async figures(): Promise<MailerDashboardDto> {
    const [lastSentCampaign, campaignsWithProblems, failedJobs] = await Promise.all([
      this.lastSentCampaign(),
      this.campaignsWithProblems(),
      this.failedJobs(),
    ]);
    return { lastSentCampaign, campaignsWithProblems, failedJobs };
  }

  private async lastSentCampaign(): Promise<LastCampaignDto | null> {
    const [campaign] = (await this.dataSource.query(
      `SELECT id, name, finished_at FROM campaigns WHERE status = 'sent'
        ORDER BY finished_at DESC NULLS LAST, created_at DESC LIMIT 1`,
    )) as { id: string; name: string; finished_at: Date | null }[];
    if (!campaign) return null;
    const counts = (await this.stats.counts([campaign.id])).get(campaign.id)!;
    return {
      id: campaign.id,
      name: campaign.name,
      finishedAt: campaign.finished_at?.toISOString() ?? null,
      sent: counts.sent,
      opened: counts.opened,
      clicked: counts.clicked,
    };
  }

  private async campaignsWithProblems(): Promise<CampaignsAttentionDto> {
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.name, c.status, b.uncertain, b.failed, count(*) OVER ()::int AS total
         FROM (SELECT campaign_id,
                      count(*) FILTER (WHERE status = 'uncertain')::int AS uncertain,
                      count(*) FILTER (WHERE status = 'failed')::int AS failed
                 FROM campaign_batches WHERE status IN ('uncertain', 'failed') GROUP BY campaign_id) b
         JOIN campaigns c ON c.id = b.campaign_id
        ORDER BY c.created_at DESC, c.id DESC`,
    )) as {
      id: string;
      name: string;
      status: CampaignStatus;
      uncertain: number;
      failed: number;
      total: number;
    }[];
    return {
      count: rows[0]?.total ?? 0,
      campaigns: rows.slice(0, LISTED_PROBLEM_CAMPAIGNS).map((row) => ({
        id: row.id,
        name: row.name,
        status: row.status,
        uncertainBatches: row.uncertain,
        failedBatches: row.failed,
      })),
    };
  }

  private async failedJobs(): Promise<FailedJobsDto> {
    const queues = await Promise.all(
      [this.dispatch, this.transactional].map(async (producer) => ({
        queue: producer.queue.name,
        failed: await producer.queue.getFailedCount(),
      })),
    );
    return { total: queues.reduce((sum, queue) => sum + queue.failed, 0), queues };
  }
}
