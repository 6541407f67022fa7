import { InjectProducer, mailerDispatchQueue, QueueProducer } from '@crm/queues';
import { Injectable } from '@nestjs/common';

const startJobId = (campaignId: string): string => `start-${campaignId}`;
const recurringSchedulerId = (campaignId: string): string => `recurring-${campaignId}`;

/**
 * When campaigns start. A one-off start is a BullMQ job `start-<campaignId>` (delayed until
 * `scheduledAt`), and a recurring campaign is a job scheduler firing `run-recurring-campaign` on
 * its cron pattern; both live in Redis, so they survive restarts of the mailer.
 */
@Injectable()
export class CampaignScheduler {
  constructor(
    @InjectProducer(mailerDispatchQueue) private readonly dispatch: QueueProducer<typeof mailerDispatchQueue>,
  ) {}

  async startAt(campaignId: string, at: Date): Promise<void> {
    await this.cancelStart(campaignId);
    await this.dispatch.add(
      'start-campaign',
      { campaignId },
      { jobId: startJobId(campaignId), delay: Math.max(0, at.getTime() - Date.now()) },
    );
  }

  async startNow(campaignId: string): Promise<void> {
    const existing = await this.dispatch.queue.getJob(startJobId(campaignId));
    if (existing && (await existing.isDelayed())) {
      await existing.promote();
      return;
    }
    await this.dispatch.add('start-campaign', { campaignId }, { jobId: startJobId(campaignId) });
  }

  async cancelStart(campaignId: string): Promise<void> {
    const existing = await this.dispatch.queue.getJob(startJobId(campaignId));
    if (existing && (await existing.isDelayed())) await existing.remove();
  }

  async repeat(campaignId: string, cron: string): Promise<void> {
    const data = mailerDispatchQueue.jobs['run-recurring-campaign'].parse({ campaignId });
    await this.dispatch.queue.upsertJobScheduler(
      recurringSchedulerId(campaignId),
      { pattern: cron, tz: 'UTC' },
      { name: 'run-recurring-campaign', data },
    );
  }

  async stopRepeating(campaignId: string): Promise<void> {
    await this.dispatch.queue.removeJobScheduler(recurringSchedulerId(campaignId));
  }
}
