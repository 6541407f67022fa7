import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { rm } from 'node:fs/promises';
import { type ImportFormat, type ImportRowError, SupporterImport } from '@crm/entities';
import { CsvError, parse } from 'csv-parse';
import { type DataSource, QueryFailedError } from 'typeorm';
import { type CsvEncoding, scanCsvFile } from './scan-csv-file';
import { type ColumnMap, mapColumns } from './csv-columns';
import { type StagedBatch, writeImportBatch } from './import-batch';
import { addBatchProgress, finishImport, useBatchWriteSettings } from './imports.queries';
import { isRowError, parseImportRow } from './import-row';
import { StagedText, stagedLine } from './stage-rows';

/** Rows per transaction: big enough for throughput, small enough to keep memory flat. */
const DEFAULT_BATCH_SIZE = 5_000;
/** Batches written at once, each on its own connection. */
const WRITERS = 2;
const DEADLOCK_RETRIES = 5;
const READ_CHUNK_BYTES = 4 * 1024;

type ImportJob = Pick<SupporterImport, 'filePath' | 'consentSource' | 'status' | 'totalRows'>;

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/** The file itself is unusable (no email column, broken quoting): the import fails as a whole. */
class ImportFileError extends Error {
  constructor(readonly error: ImportRowError) {
    super(error.message);
  }
}

/** Bytes in `encoding` to text (a single-byte encoding: no character spans two chunks). */
const decodedAs = (encoding: CsvEncoding): Transform => {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform: (chunk: Buffer, _encoding, done) => done(null, decoder.decode(chunk, { stream: true })),
  });
};

const crlfCount = (record: string[]): number =>
  record.reduce((count, cell) => (cell.includes('\r\n') ? count + cell.split('\r\n').length - 1 : count), 0);

/**
 * Streams one uploaded CSV into supporters, a batch per transaction, never holding more than a
 * few batches in memory. Progress is committed with each batch, so `GET /imports/:id` moves as
 * the file is read.
 */
export class SupporterImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  async run(importId: string): Promise<void> {
    const imports = this.dataSource.getRepository(SupporterImport);
    const job: ImportJob | null = await imports.findOne({
      where: { id: importId },
      select: { id: true, filePath: true, consentSource: true, status: true, totalRows: true },
    });
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    const scan = await scanCsvFile(job.filePath);
    const totalRows = job.totalRows ?? scan.dataLines;
    // A retried job starts over: every write is an idempotent merge, so replayed rows change
    // nothing more, and the counters restart with them.
    await imports.update(
      { id: importId },
      {
        status: 'running',
        totalRows,
        rowsDone: 0,
        rowsImported: 0,
        rowsFailed: 0,
        rowsSkipped: 0,
        errors: [],
      },
    );
    try {
      await this.importFile(importId, job, scan.encoding);
    } catch (error) {
      const fileError = error instanceof CsvError ? new ImportFileError(csvErrorOf(error)) : error;
      if (!(fileError instanceof ImportFileError)) throw error;
      await this.finish(importId, 'failed', [fileError.error]);
      await rm(job.filePath, { force: true });
      return;
    }
    await this.finish(importId, 'completed', []);
    await rm(job.filePath, { force: true });
  }

  private async importFile(importId: string, job: ImportJob, encoding: CsvEncoding): Promise<void> {
    // While both writers are busy the loop below waits, holding the records csv-parse has already
    // made from the chunk it read; waiting seconds, they outlive V8's young generation and are copied
    // into the old one. A 4 KiB chunk (not 64 KiB) holds a sixteenth as many.
    const file = createReadStream(job.filePath, { highWaterMark: READ_CHUNK_BYTES });
    const text = encoding === 'utf-8' ? file : file.pipe(decodedAs(encoding));
    const parser = text.pipe(
      // relax_quotes: a quote inside an unquoted cell (`Robert "Bob"`) is text, not a broken file.
      parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }),
    );
    let columns: ColumnMap | null = null;
    let crlfInCells = 0;
    // A batch's buffer is used again once it is written: WRITERS being written, one being filled.
    const spare: StagedText[] = [];
    const emptyBatch = (): StagedBatch => ({
      text: spare.pop() ?? new StagedText(),
      evidence: false,
      departures: false,
    });
    let batch = emptyBatch();
    let errors: ImportRowError[] = [];
    const writing: Promise<void>[] = [];
    for await (const { record, info } of parser as AsyncIterable<ParsedRecord>) {
      if (!columns) {
        columns = mapColumns(record);
        if (!columns) {
          throw new ImportFileError({
            line: info.lines,
            message: 'the header has no email column ("Email Address" or "email")',
          });
        }
        await this.recordFormat(importId, columns.format);
        continue;
      }
      // csv-parse counts a CRLF inside a quoted cell as two line breaks: the extra ones are taken back.
      crlfInCells += crlfCount(record);
      const line = info.lines - crlfInCells;
      const row = parseImportRow(record, columns, line);
      if (isRowError(row)) errors.push(row);
      else {
        // Kept as its line of COPY text only: the row object dies young.
        batch.text.add(stagedLine(row, line));
        if (row.left) batch.departures = true;
        else if (row.optedInAt ?? row.confirmedAt) batch.evidence = true;
      }
      if (batch.text.rows + errors.length >= this.batchSize) {
        // Batches are written on WRITERS connections while the next one is parsed.
        if (writing.length >= WRITERS) await writing.shift();
        const written = batch.text;
        const write = this.writeBatch(importId, batch, errors, job.consentSource).then(() => {
          written.clear();
          spare.push(written);
        });
        write.catch(() => undefined); // awaited below; this only defers the rejection until then
        writing.push(write);
        batch = emptyBatch();
        errors = [];
      }
    }
    await Promise.all(writing);
    if (!columns) throw new ImportFileError({ line: 1, message: 'the file is empty' });
    await this.writeBatch(importId, batch, errors, job.consentSource);
  }

  private async writeBatch(
    importId: string,
    batch: StagedBatch,
    errors: ImportRowError[],
    consentSource: string | null,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.writeBatchOnce(importId, batch, errors, consentSource);
        return;
      } catch (error) {
        // Concurrent batches sharing an address can deadlock; PostgreSQL aborts one, which retries.
        if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }

  private async writeBatchOnce(
    importId: string,
    batch: StagedBatch,
    errors: ImportRowError[],
    consentSource: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await useBatchWriteSettings(manager);
      const outcome = await writeImportBatch(manager, batch, consentSource);
      await addBatchProgress(manager, importId, {
        rows: batch.text.rows + errors.length,
        imported: outcome.imported,
        skipped: outcome.skipped,
        errors,
      });
    });
  }

  private async recordFormat(importId: string, format: ImportFormat): Promise<void> {
    await this.dataSource.getRepository(SupporterImport).update({ id: importId }, { format });
  }

  private async finish(
    importId: string,
    status: 'completed' | 'failed',
    errors: ImportRowError[],
  ): Promise<void> {
    await finishImport(this.dataSource, importId, status, errors);
  }
}

const isDeadlock = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01';

function csvErrorOf(error: CsvError): ImportRowError {
  const lines = typeof error.lines === 'number' ? error.lines : 0;
  return { line: lines, message: `the file is not valid CSV (${error.code})` };
}
