import { Campaign } from '@crm/entities';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BatchLedger } from './batch-ledger';
import { CampaignScheduler } from './campaign-scheduler';

/**
 * On start-up: batches left `sending` by a previous process (killed mid-request) become
 * `uncertain` — SendGrid may or may not have accepted them, so they are reported and reconciled
 * from webhook events instead of being sent again. Campaigns still `sending` get their start job
 * again (a no-op while it exists), which re-queues any pending batch whose job was lost.
 */
@Injectable()
export class CrashRecoveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CrashRecoveryService.name);
  private readonly bootedAt = new Date();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BatchLedger,
    private readonly scheduler: CampaignScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const interrupted = await this.ledger.sweepInterrupted(this.bootedAt);
    for (const campaignId of interrupted) {
      this.logger.warn({ campaignId }, 'campaign had a batch interrupted mid-send; marked uncertain');
      await this.ledger.finishCampaignIfDone(campaignId);
    }
    const sending = await this.dataSource
      .getRepository(Campaign)
      .find({ select: { id: true }, where: { status: 'sending' } });
    for (const { id } of sending) await this.scheduler.startNow(id);
  }
}
