import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import type { ImportRow } from './import-row';

/** Joins a row's tags into one text value; the separator cannot occur in a parsed tag. */
export const TAG_SEPARATOR = '\u001f';

/**
 * The batch being written, in the writing connection's session: emptied at every commit (or
 * rollback), so a batch that failed leaves nothing behind and the next one starts empty. `copies`
 * is how many rows of the file merged into the row; `erased_at` and `gone` are set in SQL.
 */
const STAGE_COLUMNS =
  'normalised, email, first_name, last_name, tags, opted_in_at, confirmed_at, ip, left_status, left_at, copies';
const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS import_rows (
  normalised text NOT NULL, email text NOT NULL, first_name text, last_name text, tags text NOT NULL,
  opted_in_at timestamptz, confirmed_at timestamptz, ip text, left_status text, left_at timestamptz,
  copies integer NOT NULL, erased_at timestamptz, gone boolean NOT NULL DEFAULT false
) ON COMMIT DELETE ROWS`;

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: `\N` for null, its backslash, tab and line breaks escaped. */
const field = (value: string | null): string =>
  value === null
    ? '\\N'
    : COPY_SPECIAL.test(value)
      ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!)
      : value;

const instant = (value: Date | null): string => (value === null ? '\\N' : value.toISOString());

function copyText(rows: ImportRow[], copies: number[] | null): string {
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    text += `${field(row.normalised)}\t${field(row.email)}\t${field(row.firstName)}\t${field(row.lastName)}\t${field(
      row.tags.join(TAG_SEPARATOR),
    )}\t${instant(row.optedInAt)}\t${instant(row.confirmedAt)}\t${field(row.optInIp)}\t${row.left ? row.left.status : '\\N'}\t${instant(
      row.left ? row.left.at : null,
    )}\t${copies ? copies[i]! : 1}\n`;
  }
  return text;
}

/**
 * Puts one batch's rows, unique by address, into `import_rows` with `COPY ... FROM STDIN`, in the
 * caller's transaction: one stream of text instead of a bound array per column (which node-postgres
 * escaped element by element and PostgreSQL parsed again).
 */
export async function stageRows(
  manager: EntityManager,
  rows: ImportRow[],
  copies: number[] | null,
): Promise<void> {
  await manager.query(CREATE_STAGE);
  const client = (await manager.queryRunner!.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY import_rows (${STAGE_COLUMNS}) FROM STDIN`));
  stream.end(copyText(rows, copies));
  await finished(stream);
}
