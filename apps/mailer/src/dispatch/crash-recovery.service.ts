import { Campaign } from '@crm/entities';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchRecoveryService } from './batch-recovery.service';
import { CampaignScheduler } from './campaign-scheduler';

/**
 * On start-up: takes over the batches a stopped mailer left mid-send, once their lease has run out
 * (`BatchRecoveryService`; a live peer's batches are leased and left alone). Campaigns still
 * `sending` get their start job again (a no-op while it exists), which re-queues any pending batch
 * whose job was lost.
 */
@Injectable()
export class CrashRecoveryService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recovery: BatchRecoveryService,
    private readonly scheduler: CampaignScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recovery.sweep();
    const sending = await this.dataSource
      .getRepository(Campaign)
      .find({ select: { id: true }, where: { status: 'sending' } });
    for (const { id } of sending) await this.scheduler.startNow(id);
  }
}
