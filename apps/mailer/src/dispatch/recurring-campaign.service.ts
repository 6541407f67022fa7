import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AudienceUsePublisher } from '../audience-use/audience-use.publisher';
import { CampaignScheduler } from './campaign-scheduler';
import { createRecurringInstance } from './dispatch.queries';

const MINUTE_MS = 60_000;

/**
 * Each run of a recurring campaign becomes a campaign of its own (`parent_campaign_id` set), so
 * it has its own frozen recipients, batches and counts. The instance is unique per (parent, run
 * minute), so a scheduler firing twice for the same run creates one instance.
 */
@Injectable()
export class RecurringCampaignService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: CampaignScheduler,
    private readonly audienceUse: AudienceUsePublisher,
  ) {}

  async run(parentId: string, firedAt: Date): Promise<string | null> {
    const runAt = new Date(Math.floor(firedAt.getTime() / MINUTE_MS) * MINUTE_MS);
    const instanceId = await createRecurringInstance(this.dataSource, parentId, runAt);
    if (!instanceId) return null;
    await this.audienceUse.sync(instanceId);
    await this.scheduler.startNow(instanceId);
    return instanceId;
  }
}
