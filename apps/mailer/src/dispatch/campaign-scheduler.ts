import { InjectProducer, mailerDispatchQueue, QueueProducer } from '@crm/queues';
import { Injectable } from '@nestjs/common';

/**
 * The wall clock a recurring campaign's cron is read on: "0 9 * * 1" is 09:00 UK time every Monday,
 * GMT or BST, so it does not move by an hour when the clocks change. Stored instants stay UTC.
 */
export const CRON_TIME_ZONE = 'Europe/London';

const startJobId = (campaignId: string): string => `start-${campaignId}`;
const recurringSchedulerId = (campaignId: string): string => `recurring-${campaignId}`;

/**
 * When campaigns start. A one-off start is a BullMQ job `start-<campaignId>` (delayed until
 * `scheduledAt`), and a recurring campaign is a job scheduler firing `run-recurring-campaign` on
 * its cron pattern in UK time (`CRON_TIME_ZONE`); both live in Redis, so they survive restarts of the mailer.
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
      { pattern: cron, tz: CRON_TIME_ZONE },
      { name: 'run-recurring-campaign', data },
    );
  }

  /** The time zone a recurring campaign's scheduler reads its cron on, or null when it has none. */
  async repeatTimeZone(campaignId: string): Promise<string | null> {
    const scheduler = await this.dispatch.queue.getJobScheduler(recurringSchedulerId(campaignId));
    return scheduler ? (scheduler.tz ?? 'UTC') : null;
  }

  async stopRepeating(campaignId: string): Promise<void> {
    await this.dispatch.queue.removeJobScheduler(recurringSchedulerId(campaignId));
  }
}
