import { rm } from 'node:fs/promises';
import { SupporterImport, SupporterImportChunk } from '@crm/entities';
import { discardUploadCopy, restoreUploadCopy } from '@crm/platform';
import { ContractWorker, type JobHandlers, subscriberImportsQueue } from '@crm/queues';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { failUnfinishedImport } from './imports.queries';
import { SupporterImporter } from './supporter-importer';

/** Runs CSV imports one at a time, on their own queue so they never delay donor facts. */
@Processor(subscriberImportsQueue.name)
export class ImportsProcessor extends ContractWorker<typeof subscriberImportsQueue> {
  protected readonly contract = subscriberImportsQueue;
  protected readonly handlers: JobHandlers<typeof subscriberImportsQueue> = {
    'import-supporters': async ({ importId }) => {
      const local = await this.fetchUpload(importId);
      try {
        await this.importer.run(importId);
      } finally {
        // Restored again if the job runs once more, here or on another replica.
        if (local) await rm(local, { force: true });
      }
      await discardUploadCopy(this.dataSource, SupporterImportChunk, importId);
    },
  };
  private readonly importer: SupporterImporter;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.importer = new SupporterImporter(dataSource);
  }

  /** Writes the upload here from its copy in the database; its path when there is a copy. */
  private async fetchUpload(importId: string): Promise<string | null> {
    const run = await this.dataSource
      .getRepository(SupporterImport)
      .findOne({ select: { filePath: true }, where: { id: importId } });
    if (!run) return null;
    const copied = await restoreUploadCopy(this.dataSource, SupporterImportChunk, importId, run.filePath);
    return copied ? run.filePath : null;
  }

  /** Once retries are spent, the import shows as failed instead of running for ever. */
  @OnWorkerEvent('failed')
  async markFailed(job: Job<{ importId?: string }>): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1) || !job.data.importId) return;
    for (const filePath of await failUnfinishedImport(this.dataSource, job.data.importId)) {
      await rm(filePath, { force: true });
    }
    await discardUploadCopy(this.dataSource, SupporterImportChunk, job.data.importId);
  }
}
