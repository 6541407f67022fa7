import { rm } from 'node:fs/promises';
import { DonationImport, DonationImportChunk } from '@crm/entities';
import { discardUploadCopy, restoreUploadCopy } from '@crm/platform';
import { ContractWorker, donationImportsQueue, type JobHandlers } from '@crm/queues';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { OfflineDonors } from '../offline-gifts/offline-donors';
import { GiftsImporter } from './gifts-importer';
import { failUnfinishedImport } from './gifts-import.queries';
import { GiftsImportService } from './gifts-import.service';

/** Runs gifts imports one at a time, on their own queue so they never delay Stripe events. */
@Processor(donationImportsQueue.name)
export class GiftsImportProcessor extends ContractWorker<typeof donationImportsQueue> {
  protected readonly contract = donationImportsQueue;
  protected readonly handlers: JobHandlers<typeof donationImportsQueue> = {
    'import-gifts': async ({ importId }) => {
      const local = await this.fetchUpload(importId);
      try {
        await this.importer.run(importId);
      } finally {
        // Restored again if the job runs once more, here or on another replica.
        if (local) await rm(local, { force: true });
      }
      await discardUploadCopy(this.dataSource, DonationImportChunk, importId);
    },
  };
  private readonly importer: GiftsImporter;

  constructor(
    private readonly dataSource: DataSource,
    donors: OfflineDonors,
    service: GiftsImportService,
  ) {
    super();
    this.importer = new GiftsImporter(dataSource, donors, service.settings);
  }

  /** Writes the upload here from its copy in the database; its path when there is a copy. */
  private async fetchUpload(importId: string): Promise<string | null> {
    const run = await this.dataSource
      .getRepository(DonationImport)
      .findOne({ select: { filePath: true }, where: { id: importId } });
    if (!run) return null;
    const copied = await restoreUploadCopy(this.dataSource, DonationImportChunk, importId, run.filePath);
    return copied ? run.filePath : null;
  }

  /** Once retries are spent, the import shows as failed instead of running for ever. */
  @OnWorkerEvent('failed')
  async markFailed(job: Job<{ importId?: string }>): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1) || !job.data.importId) return;
    for (const filePath of await failUnfinishedImport(this.dataSource, job.data.importId)) {
      await rm(filePath, { force: true });
    }
    await discardUploadCopy(this.dataSource, DonationImportChunk, job.data.importId);
  }
}
