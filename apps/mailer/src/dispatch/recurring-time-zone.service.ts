import { Campaign } from '@crm/entities';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { CampaignScheduler, CRON_TIME_ZONE } from './campaign-scheduler';

/**
 * On start-up: a recurring campaign whose Redis scheduler still reads its cron on another time
 * zone (made before crons were read on UK time, when it was UTC) is registered again, so every
 * recurring campaign runs by the one documented rule, not only those saved since.
 */
@Injectable()
export class RecurringTimeZoneService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecurringTimeZoneService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: CampaignScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const recurring = await this.dataSource.getRepository(Campaign).find({
      select: { id: true, cron: true },
      where: { status: 'scheduled', cron: Not(IsNull()) },
    });
    for (const { id, cron } of recurring) {
      if (!cron || (await this.scheduler.repeatTimeZone(id)) === CRON_TIME_ZONE) continue;
      await this.scheduler.repeat(id, cron);
      this.logger.log({ campaignId: id }, `recurring campaign now runs on ${CRON_TIME_ZONE} time`);
    }
  }
}
