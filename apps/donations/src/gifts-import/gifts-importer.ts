import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { DonationImport, type ImportRowError } from '@crm/entities';
import { type DataSource, QueryFailedError } from 'typeorm';
import type { UnlinkedGift } from '../offline-gifts/offline-donors';
import { markNotified } from '../offline-gifts/offline-gifts.queries';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { type GiftColumns, mapGiftColumns } from './gift-columns';
import { GiftDates, type GiftRowContext, isRowError, parseGiftRow } from './gift-row';
import {
  addBatchProgress,
  finishImport,
  insertGifts,
  type NumberedGift,
  unannouncedGifts,
  type UnlinkedInsert,
  useBatchWriteSettings,
} from './gifts-import.queries';

/**
 * Rows per transaction. At 2,000 each array parameter stays under V8's large-object size (128 kB),
 * so it dies young; at 5,000 they piled up until a full collection and a 1,000,000-row import
 * peaked at 342 MB instead of under 270.
 */
const DEFAULT_BATCH_SIZE = 2_000;
/** Batches written at once, each on its own connection. */
const WRITERS = 2;
const DEADLOCK_RETRIES = 5;
/** Read size: the text being split stays a young-generation string too. */
const READ_CHUNK = 64 * 1024;

/** Hands donors without a supporter to the subscribers app (`record-donor`). */
export interface DonorAnnouncer {
  announce(gifts: UnlinkedGift[]): Promise<void>;
}

export interface GiftImportSettings {
  currencies: readonly string[];
  defaultCurrency: string;
}

/** The file itself is unusable (missing columns, broken quoting): the import fails as a whole. */
class ImportFileError extends Error {
  constructor(readonly error: ImportRowError) {
    super(error.message);
  }
}

/** Data lines after the header, counted without parsing, so progress has a total early. */
async function countDataLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let index = chunk.indexOf(0x0a); index >= 0; index = chunk.indexOf(0x0a, index + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  if (last !== 0x0a) lines++;
  return Math.max(0, lines - 1);
}

const toUnlinked = (row: UnlinkedInsert): UnlinkedGift => ({
  donationId: row.id,
  email: row.email,
  name: row.donor_name,
});

/**
 * Streams one uploaded gifts CSV into donations, a batch per transaction, as the supporter import
 * does: progress commits with each batch, errors name their line, and every write is keyed, so a
 * retried job (or the same file uploaded again) adds nothing twice.
 */
export class GiftsImporter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly donors: DonorAnnouncer,
    private readonly settings: GiftImportSettings,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  async run(importId: string): Promise<void> {
    const imports = this.dataSource.getRepository(DonationImport);
    const job = await imports.findOneBy({ id: importId });
    if (!job || job.status === 'completed' || job.status === 'failed') return;
    const retried = job.status === 'running';
    const totalRows = await countDataLines(job.filePath);
    await imports.update(
      { id: importId },
      {
        status: 'running',
        totalRows,
        rowsDone: 0,
        rowsImported: 0,
        rowsDuplicate: 0,
        rowsFailed: 0,
        errors: [],
      },
    );
    // A retried job's earlier attempt may have added gifts and stopped before handing their donors over.
    if (retried)
      await this.donors.announce((await unannouncedGifts(this.dataSource, importId)).map(toUnlinked));
    try {
      await this.importFile(job);
    } catch (error) {
      const fileError =
        error instanceof CsvSyntaxError
          ? new ImportFileError({ line: error.line, message: `the file is not valid CSV (${error.message})` })
          : error;
      if (!(fileError instanceof ImportFileError)) throw error;
      await finishImport(this.dataSource, importId, 'failed', [fileError.error]);
      await rm(job.filePath, { force: true });
      return;
    }
    await finishImport(this.dataSource, importId, 'completed', []);
    await rm(job.filePath, { force: true });
  }

  private async importFile(job: DonationImport): Promise<void> {
    // A hand-written reader: csv-parse managed about 35,000 records/s on the bench machine, short of
    // the 50,000 rows/s an import must reach; a line without quotes is one `split` here.
    const text = createReadStream(job.filePath, { encoding: 'utf8', highWaterMark: READ_CHUNK });
    const context: GiftRowContext = {
      currencies: this.settings.currencies,
      defaultCurrency: this.settings.defaultCurrency,
      defaultCampaign: job.campaign,
      now: new Date(),
    };
    const dates = new GiftDates(context.now);
    let columns: GiftColumns | null = null;
    let rows: NumberedGift[] = [];
    let errors: ImportRowError[] = [];
    const writing: Promise<void>[] = [];
    for await (const records of csvRecords(text as AsyncIterable<string>)) {
      for (const { cells, line } of records) {
        if (!columns) {
          const mapped = mapGiftColumns(cells, job.layout);
          if ('missing' in mapped) {
            throw new ImportFileError({
              line,
              message: `the header has no ${mapped.missing.map((name) => `"${name}"`).join(' or ')} column for the ${job.layout} layout`,
            });
          }
          columns = mapped;
          continue;
        }
        const row = parseGiftRow(cells, columns, line, context, dates);
        if (isRowError(row)) errors.push(row);
        else rows.push({ row, line });
        if (rows.length + errors.length >= this.batchSize) {
          // Batches are written on WRITERS connections while the next one is parsed.
          if (writing.length >= WRITERS) await writing.shift();
          const write = this.writeBatch(job, rows, errors);
          write.catch(() => undefined); // awaited below; this only defers the rejection until then
          writing.push(write);
          rows = [];
          errors = [];
        }
      }
    }
    await Promise.all(writing);
    if (!columns) throw new ImportFileError({ line: 1, message: 'the file is empty' });
    await this.writeBatch(job, rows, errors);
  }

  private async writeBatch(
    job: DonationImport,
    rows: NumberedGift[],
    parseErrors: ImportRowError[],
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const unlinked = await this.dataSource.transaction(async (manager) => {
          await useBatchWriteSettings(manager);
          const outcome = await insertGifts(manager, job.id, job.createdBy, rows);
          const errors = [
            ...parseErrors,
            ...outcome.unknownSupporterLines.map((line): ImportRowError => ({
              line,
              field: 'supporter_id',
              message: 'no supporter has this id',
            })),
          ];
          await addBatchProgress(manager, job.id, {
            rows: rows.length + parseErrors.length,
            imported: outcome.added,
            duplicate: rows.length - outcome.unknownSupporterLines.length - outcome.added,
            errors,
          });
          return outcome.unlinked;
        });
        if (unlinked.length > 0) {
          await this.donors.announce(unlinked.map(toUnlinked));
          await markNotified(
            this.dataSource,
            unlinked.map((row) => row.id),
          );
        }
        return;
      } catch (error) {
        // Concurrent batches sharing a key can deadlock; PostgreSQL aborts one, which retries.
        if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
      }
    }
  }
}

const isDeadlock = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01';
