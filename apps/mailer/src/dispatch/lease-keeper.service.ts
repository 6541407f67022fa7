import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BatchLeases } from './batch-leases';
import { BatchRecoveryService } from './batch-recovery.service';
import { SendBatchIds } from './send-batch-ids';

/**
 * Every quarter of MAIL_BATCH_LEASE_SECONDS: renews the leases of this process's batches in
 * flight, takes over batches whose lease ran out (a mailer died), and gives campaigns whose
 * SendGrid batch id is getting old a new one. Each step runs on every replica; each is a guarded
 * statement, so replicas doing it at once change nothing twice.
 */
@Injectable()
export class LeaseKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LeaseKeeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly leases: BatchLeases,
    private readonly recovery: BatchRecoveryService,
    private readonly sendBatchIds: SendBatchIds,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log(
      { instance: this.leases.instance, leaseSeconds: this.leases.seconds },
      'dispatch leases kept',
    );
    this.timer = setInterval(() => void this.tick(), (this.leases.seconds * 1_000) / 4);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    await this.step('renew', () => this.leases.renew());
    await this.step('recover', () => this.recovery.sweep());
    await this.step('rotate', () => this.sendBatchIds.rotate());
  }

  /** A step failing (database or SendGrid away) is logged and tried again at the next tick. */
  private async step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.logger.warn({ step: name, err: error }, 'dispatch lease step failed; trying again next tick');
    }
  }
}
