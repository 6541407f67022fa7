import { rm } from 'node:fs/promises';
import { SupporterImport, SupporterImportChunk } from '@crm/entities';
import {
  afterCreatedAtSql,
  createdAtPosition,
  decodeCursor,
  type PageQueryDto,
  saveUploadCopy,
  toPage,
} from '@crm/platform';
import { InjectProducer, type QueueProducer, subscriberImportsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ImportListDto, ImportStatusDto, ImportSummaryDto } from './dto/import.dto';
import { ImportNotFoundError } from './imports.errors';

export interface UploadedCsv {
  path: string;
  originalName: string;
}

/** Starts CSV imports and reports their progress. */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectProducer(subscriberImportsQueue)
    private readonly imports: QueueProducer<typeof subscriberImportsQueue>,
  ) {}

  async start(file: UploadedCsv, consentSource: string | null, staffName: string): Promise<ImportStatusDto> {
    const created = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SupporterImport);
      const run = await repository.save(
        repository.create({
          status: 'queued',
          filePath: file.path,
          originalName: file.originalName.slice(0, 255),
          consentSource,
          createdBy: staffName,
        }),
      );
      await saveUploadCopy(manager, SupporterImportChunk, run.id, file.path);
      return run;
    });
    // The copy in the database is the file now: whichever replica runs the job writes it out.
    await rm(file.path, { force: true });
    await this.imports.add('import-supporters', { importId: created.id }, { jobId: `import-${created.id}` });
    return this.status(created.id);
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async list(query: PageQueryDto): Promise<ImportListDto> {
    const after = decodeCursor(query.cursor, 'by-time');
    const runs = this.dataSource
      .getRepository(SupporterImport)
      .createQueryBuilder('i')
      .orderBy('i.createdAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit + 1);
    if (after) {
      runs.where(afterCreatedAtSql('supporter_imports', 'i', ':at::timestamptz', ':id::uuid'), after);
    }
    const rows = await runs.getMany();
    return toPage(
      rows,
      query.limit,
      (run) => createdAtPosition({ id: run.id, created_at: run.createdAt }),
      summaryOf,
    );
  }

  async status(id: string): Promise<ImportStatusDto> {
    const run = await this.dataSource.getRepository(SupporterImport).findOneBy({ id });
    if (!run) throw new ImportNotFoundError(id);
    return {
      ...summaryOf(run),
      // Batches commit in parallel, so stored errors are in commit order, not file order.
      errors: [...run.errors].sort((a, b) => a.line - b.line),
    };
  }
}

function summaryOf(run: SupporterImport): ImportSummaryDto {
  return {
    id: run.id,
    status: run.status,
    format: run.format,
    fileName: run.originalName,
    consentSource: run.consentSource,
    totalRows: run.totalRows,
    rowsDone: run.rowsDone,
    rowsImported: run.rowsImported,
    rowsFailed: run.rowsFailed,
    rowsSkipped: run.rowsSkipped,
    createdBy: run.createdBy,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
