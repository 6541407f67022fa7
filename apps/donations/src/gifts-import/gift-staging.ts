import { randomFillSync } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { QueryRunner } from 'typeorm';
import { frequencyOf } from '../offline-gifts/offline-gifts.queries';
import type { GiftRow } from './gift-row';
import { copyTextField } from '@crm/sql';

/**
 * A chunk of valid gift rows, in the writing connection's session, with the file line each came
 * from and the id its donation will have. Filled by `COPY ... FROM STDIN` in its own (temporary,
 * unlogged) transaction and emptied when the next chunk starts, so a chunk whose insert is retried
 * (a deadlock) still has its rows.
 */
export const STAGE_TABLE = 'pg_temp.gift_rows';
const STAGE_COLUMNS =
  'line, named_id, normalised, email, donor_name, amount, currency, frequency, campaign, paid_at, method, reference, gift_aid, import_key, id';
const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS gift_rows (
  line integer NOT NULL, named_id uuid, normalised text, email text, donor_name text, amount integer NOT NULL,
  currency text NOT NULL, frequency text NOT NULL, campaign text, paid_at timestamptz NOT NULL, method text NOT NULL,
  reference text, gift_aid boolean NOT NULL, import_key text NOT NULL, id uuid NOT NULL
)`;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const IDS_PER_FILL = 4096;

/**
 * UUID version 7 ids (RFC 9562), as `uuid_time_ordered()` makes them (migration 1766900000000):
 * the millisecond clock in the first 48 bits, then 74 random bits from the operating system's
 * CSPRNG, drawn 4,096 ids at a time. Made here because `gen_random_uuid()` cost PostgreSQL about
 * 4 µs a row (one strong-random call each), a fifth of its whole insert.
 */
export class TimeOrderedIds {
  private readonly pool = Buffer.alloc(16 * IDS_PER_FILL);
  private at = this.pool.length;

  next(): string {
    const bytes = this.pool;
    if (this.at >= bytes.length) {
      randomFillSync(bytes);
      this.at = 0;
    }
    const o = this.at;
    this.at += 16;
    const ms = Date.now();
    const high = Math.floor(ms / 0x1_0000_0000);
    bytes.writeUInt16BE(high & 0xffff, o);
    bytes.writeUInt32BE(ms >>> 0, o + 2);
    bytes[o + 6] = (bytes[o + 6]! & 0x0f) | 0x70;
    bytes[o + 8] = (bytes[o + 8]! & 0x3f) | 0x80;
    const h = (i: number): string => HEX[bytes[o + i]!]!;
    return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
  }
}

/** Text is sent to the COPY stream in pieces of about this size. */
const PIECE = 64 * 1024;

/** One chunk being copied into the stage table: rows are added as they are parsed. */
export class StagedChunk {
  rows = 0;
  hasNamedIds = false;
  private pending = '';
  private readonly isoOf = new Map<Date, string>();
  /** The server's error, should it end the COPY (a timeout, a restart) while rows are still added. */
  private failure: Error | null = null;

  constructor(
    private readonly stream: Writable,
    private readonly ids: TimeOrderedIds,
  ) {
    // Without a listener between writes, such an error would be thrown as uncaught and stop the
    // whole worker instead of failing this job, which then retries.
    stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Adds a row; resolves at once unless the connection is behind (back-pressure). */
  add(row: GiftRow, line: number): Promise<void> | null {
    if (this.failure) throw this.failure;
    let paidAt = this.isoOf.get(row.paidAt);
    if (paidAt === undefined) {
      paidAt = row.paidAt.toISOString();
      this.isoOf.set(row.paidAt, paidAt);
    }
    if (row.supporterId !== null) this.hasNamedIds = true;
    this.rows++;
    this.pending += `${line}\t${row.supporterId ?? '\\N'}\t${copyTextField(row.normalised)}\t${copyTextField(row.email)}\t${copyTextField(
      row.donorName,
    )}\t${row.amount}\t${row.currency}\t${frequencyOf(row.method)}\t${copyTextField(row.campaign)}\t${paidAt}\t${row.method}\t${copyTextField(
      row.reference,
    )}\t${row.giftAid ? 't' : 'f'}\t${copyTextField(row.key)}\t${this.ids.next()}\n`;
    if (this.pending.length < PIECE) return null;
    const flushed = this.stream.write(this.pending);
    this.pending = '';
    return flushed ? null : once(this.stream, 'drain').then(() => undefined);
  }

  /** Ends the COPY; the rows are in the stage table when it resolves. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end(this.pending);
    this.pending = '';
    await finished(this.stream);
  }
}

/** Empties the connection's stage table and starts copying a chunk into it. */
export async function startChunk(runner: QueryRunner, ids: TimeOrderedIds): Promise<StagedChunk> {
  await runner.query(CREATE_STAGE);
  await runner.query(`TRUNCATE ${STAGE_TABLE}`);
  const client = (await runner.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${STAGE_TABLE} (${STAGE_COLUMNS}) FROM STDIN`));
  return new StagedChunk(stream, ids);
}

/**
 * Gives the planner the chunk's real size: unanalysed, the stage table looked like 15,000 rows and
 * the donor lookup hashed every supporter (1,000,000 of them, 16 batches: 2.3 s a chunk) instead
 * of hashing the chunk and scanning supporters once (0.5 s).
 */
export const analyseStage = (runner: QueryRunner): Promise<unknown> => runner.query(`ANALYZE ${STAGE_TABLE}`);

/** Drops the stage table, so a pooled connection does not carry it to its next use. */
export const dropStage = (runner: QueryRunner): Promise<unknown> =>
  runner.query(`DROP TABLE IF EXISTS ${STAGE_TABLE}`);
