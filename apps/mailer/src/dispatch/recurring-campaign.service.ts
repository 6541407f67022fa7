import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignScheduler } from './campaign-scheduler';

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
  ) {}

  async run(parentId: string, firedAt: Date): Promise<string | null> {
    const runAt = new Date(Math.floor(firedAt.getTime() / MINUTE_MS) * MINUTE_MS);
    const rows = (await this.dataSource.query(
      `INSERT INTO campaigns (name, subject, html, markdown, from_name, reply_to, segment_id, status,
                              scheduled_at, parent_campaign_id)
       SELECT name || ' (' || to_char($2::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ')', subject, html,
              markdown, from_name, reply_to, segment_id, 'scheduled', $2, id
         FROM campaigns WHERE id = $1 AND cron IS NOT NULL AND status = 'scheduled'
       ON CONFLICT (parent_campaign_id, scheduled_at) WHERE parent_campaign_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [parentId, runAt],
    )) as { id: string }[];
    const instanceId = rows[0]?.id;
    if (!instanceId) return null;
    await this.scheduler.startNow(instanceId);
    return instanceId;
  }
}
