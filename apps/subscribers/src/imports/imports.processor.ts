import { rm } from 'node:fs/promises';
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
    'import-supporters': ({ importId }) => this.importer.run(importId),
  };
  private readonly importer: SupporterImporter;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
    this.importer = new SupporterImporter(dataSource);
  }

  /** Once retries are spent, the import shows as failed instead of running for ever. */
  @OnWorkerEvent('failed')
  async markFailed(job: Job<{ importId?: string }>): Promise<void> {
    if (job.attemptsMade < (job.opts.attempts ?? 1) || !job.data.importId) return;
    for (const filePath of await failUnfinishedImport(this.dataSource, job.data.importId)) {
      await rm(filePath, { force: true });
    }
  }
}
