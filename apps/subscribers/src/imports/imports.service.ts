import { SupporterImport } from '@crm/entities';
import { InjectProducer, type QueueProducer, subscriberImportsQueue } from '@crm/queues';
import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ImportStatusDto } from './dto/import.dto';

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
    const repository = this.dataSource.getRepository(SupporterImport);
    const created = await repository.save(
      repository.create({
        status: 'queued',
        filePath: file.path,
        originalName: file.originalName.slice(0, 255),
        consentSource,
        createdBy: staffName,
      }),
    );
    await this.imports.add('import-supporters', { importId: created.id }, { jobId: `import-${created.id}` });
    return this.status(created.id);
  }

  async status(id: string): Promise<ImportStatusDto> {
    const run = await this.dataSource.getRepository(SupporterImport).findOneBy({ id });
    if (!run) throw new NotFoundException(`Import ${id} not found`);
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
      // Batches commit in parallel, so stored errors are in commit order, not file order.
      errors: [...run.errors].sort((a, b) => a.line - b.line),
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  }
}
