import { InjectProducer, QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  markAudienceUsePublished,
  recordAudienceChange,
  unpublishedAudienceUses,
} from './audience-use.queries';

/**
 * Tells the subscribers app when a campaign starts relying on its audience (scheduled, recurring,
 * sending) or stops (sent, failed, cancelled, unscheduled, another audience chosen), so an audience
 * in use cannot be deleted there. The change is numbered in the campaign row first and queued after
 * (job id `audience-use-<campaignId>-<version>`); one recorded but not queued, because the process
 * stopped in between, is queued at the next start. The subscribers app keeps the highest version.
 */
@Injectable()
export class AudienceUsePublisher implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    @InjectProducer(subscribersEventsQueue)
    private readonly subscribers: QueueProducer<typeof subscribersEventsQueue>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publishPending(null);
  }

  /** After anything that may change the campaign's status, audience or schedule. */
  async sync(campaignId: string): Promise<void> {
    await recordAudienceChange(this.dataSource, campaignId);
    await this.publishPending(campaignId);
  }

  private async publishPending(campaignId: string | null): Promise<void> {
    for (const row of await unpublishedAudienceUses(this.dataSource, campaignId)) {
      await this.subscribers.add(
        'record-audience-use',
        {
          campaignId: row.id,
          // A recurring run's name adds its time to the parent's, which may pass the contract's 200.
          campaignName: row.name.slice(0, 200),
          segmentId: row.segmentId,
          inUse: row.audienceInUse,
          version: Number(row.audienceVersion),
        },
        { jobId: `audience-use-${row.id}-${row.audienceVersion}` },
      );
      await markAudienceUsePublished(this.dataSource, row.id, row.audienceVersion);
    }
  }
}
