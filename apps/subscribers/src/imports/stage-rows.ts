import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { ImportRow } from './import-row';
import { copyTextField } from '@crm/sql';

/** Joins a row's tags into one text value; the separator cannot occur in a parsed tag. */
export const TAG_SEPARATOR = '\u001f';

/**
 * The batch being written, in the writing connection's session: emptied at every commit (or
 * rollback), so a batch that failed leaves nothing behind and the next one starts empty. `line` is
 * the row's line in the file; `copies` is how many rows of the file merged into the row (several
 * when an address is in the batch more than once); `erased_at` and `gone` are set in SQL.
 */
const STAGE_COLUMNS =
  'line, normalised, email, first_name, last_name, tags, opted_in_at, confirmed_at, ip, left_status, left_at';
const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS import_rows (
  line integer NOT NULL, normalised text NOT NULL, email text NOT NULL, first_name text, last_name text,
  tags text NOT NULL, opted_in_at timestamptz, confirmed_at timestamptz, ip text, left_status text,
  left_at timestamptz, copies integer NOT NULL DEFAULT 1, erased_at timestamptz,
  gone boolean NOT NULL DEFAULT false
) ON COMMIT DELETE ROWS`;

const instant = (value: Date | null): string => (value === null ? '\\N' : value.toISOString());

/** One valid row as a line of COPY text. */
export function stagedLine(row: ImportRow, line: number): string {
  const left = row.left;
  return `${line}\t${copyTextField(row.normalised)}\t${copyTextField(row.email)}\t${copyTextField(row.firstName)}\t${copyTextField(
    row.lastName,
  )}\t${copyTextField(row.tags.join(TAG_SEPARATOR))}\t${instant(row.optedInAt)}\t${instant(row.confirmedAt)}\t${copyTextField(
    row.optInIp,
  )}\t${left ? left.status : '\\N'}\t${instant(left ? left.at : null)}\n`;
}

/**
 * A batch's rows as COPY text, written as UTF-8 into one buffer as each row is parsed. A batch
 * waits seconds to be written, outliving V8's young generation: held as row objects (or as the
 * strings of their lines) it was copied into the old one and grew it by about 100 MB per 200,000
 * rows before each full collection. Here each row's strings die young, and the buffer is used again
 * for a later batch once this one is written.
 */
export class StagedText {
  private buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  private length = 0;
  rows = 0;

  add(line: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8.
    if (this.length + line.length * 3 > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + line.length * 3));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(line, this.length);
    this.rows++;
  }

  get bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
    this.rows = 0;
  }
}

const INITIAL_BYTES = 512 * 1024;

/**
 * Puts one batch's rows into `import_rows` with `COPY ... FROM STDIN`, in the caller's transaction:
 * one stream of text instead of a bound array per column (which node-postgres escaped element by
 * element and PostgreSQL parsed again).
 */
export async function stageRows(manager: EntityManager, text: StagedText): Promise<void> {
  await manager.query(CREATE_STAGE);
  const client = (await manager.queryRunner!.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY import_rows (${STAGE_COLUMNS}) FROM STDIN`));
  // Resolves once PostgreSQL has taken all of it: the buffer is then free to be used again.
  stream.end(text.bytes);
  await finished(stream);
}
