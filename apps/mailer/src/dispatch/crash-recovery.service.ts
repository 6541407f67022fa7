import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchLedger } from './batch-ledger';

/**
 * On start-up, batches left `sending` by a previous process (killed mid-request) become
 * `uncertain`: SendGrid may or may not have accepted them, so they are reported and reconciled
 * from webhook events instead of being sent again.
 */
@Injectable()
export class CrashRecoveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CrashRecoveryService.name);
  private readonly bootedAt = new Date();

  constructor(private readonly ledger: BatchLedger) {}

  async onApplicationBootstrap(): Promise<void> {
    const campaigns = await this.ledger.sweepInterrupted(this.bootedAt);
    for (const campaignId of campaigns) {
      this.logger.warn({ campaignId }, 'campaign had a batch interrupted mid-send; marked uncertain');
      await this.ledger.finishCampaignIfDone(campaignId);
    }
  }
}
