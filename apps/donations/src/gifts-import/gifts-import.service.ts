import { rm } from 'node:fs/promises';
import { APP_CONFIG } from '@crm/config';
import { DonationImport, DonationImportChunk, type GiftImportLayout } from '@crm/entities';
import { saveUploadCopy } from '@crm/platform';
import { donationImportsQueue, InjectProducer, type QueueProducer } from '@crm/queues';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import type { GiftsImportStatusDto } from './dto/gifts-import.dto';
import { GiftsImportNotFoundError } from './gifts-import.errors';

export interface UploadedCsv {
  path: string;
  originalName: string;
}

/** Starts gifts imports and reports their progress. */
@Injectable()
export class GiftsImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    private readonly dataSource: DataSource,
    @InjectProducer(donationImportsQueue)
    private readonly imports: QueueProducer<typeof donationImportsQueue>,
  ) {}

  async start(
    file: UploadedCsv,
    layout: GiftImportLayout,
    campaign: string | null,
    staffName: string,
  ): Promise<GiftsImportStatusDto> {
    const created = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(DonationImport);
      const run = await repository.save(
        repository.create({
          status: 'queued',
          layout,
          filePath: file.path,
          originalName: file.originalName.slice(0, 255),
          campaign,
          createdBy: staffName,
        }),
      );
      await saveUploadCopy(manager, DonationImportChunk, run.id, file.path);
      return run;
    });
    // The copy in the database is the file now: whichever replica runs the job writes it out.
    await rm(file.path, { force: true });
    await this.imports.add('import-gifts', { importId: created.id }, { jobId: `gifts-import-${created.id}` });
    return this.status(created.id);
  }

  async status(id: string): Promise<GiftsImportStatusDto> {
    const run = await this.dataSource.getRepository(DonationImport).findOneBy({ id });
    if (!run) throw new GiftsImportNotFoundError(id);
    return {
      id: run.id,
      status: run.status,
      layout: run.layout,
      fileName: run.originalName,
      campaign: run.campaign,
      totalRows: run.totalRows,
      rowsDone: run.rowsDone,
      rowsImported: run.rowsImported,
      rowsDuplicate: run.rowsDuplicate,
      rowsFailed: run.rowsFailed,
      createdBy: run.createdBy,
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      // Batches commit in parallel, so stored errors are in commit order, not file order.
      errors: [...run.errors].sort((a, b) => a.line - b.line),
    };
  }

  get settings(): { currencies: readonly string[]; defaultCurrency: string } {
    return {
      currencies: this.config.DONATION_CURRENCIES,
      defaultCurrency: this.config.BASE_CURRENCY.toLowerCase(),
    };
  }
}
