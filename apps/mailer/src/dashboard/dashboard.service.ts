import { Campaign } from '@crm/entities';
import { InjectProducer, mailerDispatchQueue, type QueueProducer, transactionalMailQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignStatsService } from '../campaigns/campaign-stats.service';
import { campaignsWithProblemBatches } from './dashboard.queries';
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
    const campaign = await this.dataSource.getRepository(Campaign).findOne({
      select: { id: true, name: true, finishedAt: true },
      where: { status: 'sent' },
      order: { finishedAt: { direction: 'DESC', nulls: 'LAST' }, createdAt: 'DESC' },
    });
    if (!campaign) return null;
    const counts = (await this.stats.counts([campaign.id])).get(campaign.id)!;
    return {
      id: campaign.id,
      name: campaign.name,
      finishedAt: campaign.finishedAt?.toISOString() ?? null,
      sent: counts.sent,
      opened: counts.opened,
      clicked: counts.clicked,
    };
  }

  private async campaignsWithProblems(): Promise<CampaignsAttentionDto> {
    const rows = await campaignsWithProblemBatches(this.dataSource);
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
