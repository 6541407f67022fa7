import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { DonationImport, type ImportRowError } from '@crm/entities';
import { type DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import type { UnlinkedGift } from '../offline-gifts/offline-donors';
import { markNotified } from '../offline-gifts/offline-gifts.queries';
import { csvRecords, CsvSyntaxError } from './csv-records';
import { type GiftColumns, mapGiftColumns } from './gift-columns';
import { GiftDates, type GiftRowContext, isRowError, parseGiftRow } from './gift-row';
import { analyseStage, dropStage, type StagedChunk, startChunk, TimeOrderedIds } from './gift-staging';
import {
  addBatchProgress,
  finishImport,
  followMergedSupporters,
  insertStagedGifts,
  unannouncedGifts,
  type UnlinkedInsert,
  useBatchWriteSettings,
} from './gifts-import.queries';

/**
 * Rows per transaction. Each chunk is copied into a stage table as it is parsed and inserted by one
 * statement, so its size costs no memory here; at 50,000 a 1,000,000-row import commits progress
 * twenty times (about once a second) and its donor lookup is one join per chunk.
 */
const DEFAULT_CHUNK_ROWS = 50_000;
/**
 * Chunks written at once, each on its own connection: one is copied while it is parsed while the
 * other is inserted.
 */
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
    private readonly chunkRows = DEFAULT_CHUNK_ROWS,
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
    if (retried) {
      const missed = await unannouncedGifts(this.dataSource, importId);
      if (missed.length > 0) {
        await this.donors.announce(missed.map(toUnlinked));
        await markNotified(
          this.dataSource,
          missed.map((row) => row.id),
        );
      }
    }
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
    const writers: Writer[] = [];
    try {
      for (let i = 0; i < WRITERS; i++) {
        const runner = this.dataSource.createQueryRunner();
        writers.push({ runner, writing: Promise.resolve() });
        await runner.connect();
      }
      await this.readFile(job, writers);
    } finally {
      // A chunk already handed to a writer finishes (or fails) before its connection goes back.
      await Promise.allSettled(writers.map((writer) => writer.writing));
      for (const { runner } of writers) {
        await dropStage(runner).catch(() => undefined);
        await runner.release();
      }
    }
  }

  private async readFile(job: DonationImport, writers: Writer[]): Promise<void> {
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
    const ids = new TimeOrderedIds();
    let columns: GiftColumns | null = null;
    let chunk: StagedChunk | null = null;
    let errors: ImportRowError[] = [];
    let next = 0;
    const open = async (): Promise<StagedChunk> => {
      const writer = writers[next]!;
      // The writer's previous chunk is inserted (or has failed) before its stage table is reused.
      await writer.writing;
      return startChunk(writer.runner, ids);
    };
    const hand = (staged: StagedChunk): void => {
      const writer = writers[next]!;
      const rowErrors = errors;
      writer.writing = staged.finish().then(() => this.writeChunk(job, writer.runner, staged, rowErrors));
      writer.writing.catch(() => undefined); // awaited before reuse and at the end; this only defers it
      next = (next + 1) % writers.length;
      errors = [];
    };
    try {
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
          chunk ??= await open();
          const row = parseGiftRow(cells, columns, line, context, dates);
          if (isRowError(row)) errors.push(row);
          else {
            const behind = chunk.add(row, line);
            if (behind) await behind;
          }
          if (chunk.rows + errors.length >= this.chunkRows) {
            hand(chunk);
            chunk = null;
          }
        }
      }
    } catch (error) {
      // The open COPY is completed (into the stage table only) so its connection can be released.
      await chunk?.finish().catch(() => undefined);
      throw error;
    }
    if (!columns) throw new ImportFileError({ line: 1, message: 'the file is empty' });
    if (chunk) hand(chunk);
    for (const writer of writers) await writer.writing;
  }

  /** Inserts one staged chunk and commits its progress; then hands over its donors without a supporter. */
  private async writeChunk(
    job: DonationImport,
    runner: QueryRunner,
    chunk: StagedChunk,
    parseErrors: ImportRowError[],
  ): Promise<void> {
    const manager = runner.manager;
    for (let attempt = 1; ; attempt++) {
      let unlinked: UnlinkedInsert[];
      await runner.startTransaction();
      try {
        await useBatchWriteSettings(manager);
        if (chunk.hasNamedIds) await followMergedSupporters(manager);
        if (chunk.rows > 0) await analyseStage(runner);
        const outcome =
          chunk.rows > 0
            ? await insertStagedGifts(manager, job.id, job.createdBy, chunk.hasNamedIds)
            : { added: 0, unknownSupporterLines: [], unlinked: [] };
        const errors = [
          ...parseErrors,
          ...outcome.unknownSupporterLines.map((line): ImportRowError => ({
            line,
            field: 'supporter_id',
            message: 'no supporter has this id',
          })),
        ].sort((a, b) => a.line - b.line);
        await addBatchProgress(manager, job.id, {
          rows: chunk.rows + parseErrors.length,
          imported: outcome.added,
          duplicate: chunk.rows - outcome.unknownSupporterLines.length - outcome.added,
          errors,
        });
        await runner.commitTransaction();
        unlinked = outcome.unlinked;
      } catch (error) {
        await runner.rollbackTransaction();
        // Concurrent chunks sharing a key can deadlock; PostgreSQL aborts one, which retries.
        if (!isDeadlock(error) || attempt >= DEADLOCK_RETRIES) throw error;
        continue;
      }
      if (unlinked.length > 0) {
        await this.donors.announce(unlinked.map(toUnlinked));
        await markNotified(
          manager,
          unlinked.map((row) => row.id),
        );
      }
      return;
    }
  }
}

/** A connection writing chunks, and the chunk it is writing. */
interface Writer {
  runner: QueryRunner;
  writing: Promise<void>;
}

const isDeadlock = (error: unknown): boolean =>
  error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '40P01';
