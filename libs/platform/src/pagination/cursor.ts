import { type Sql, sql } from '@crm/sql';
import { fieldError } from '../errors/field-error';

/**
 * Keyset position after the last row of a page: the row's id (or natural key, such as a name) and,
 * when the list is ordered by time, its time. Clients see it only as an opaque string.
 */
export interface CursorPosition {
  at?: string;
  id: string;
}

/** How the list is ordered, which decides what a valid position holds. */
export type CursorOrdering = 'by-time' | 'by-id' | 'by-key';

const ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FOREIGN_CURSOR = 'not a cursor this API issued';

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

const isPosition = (value: Partial<CursorPosition>, ordering: CursorOrdering): value is CursorPosition =>
  typeof value.id === 'string' &&
  value.id.length > 0 &&
  value.id.length <= 500 &&
  (ordering === 'by-key' || ROW_ID.test(value.id)) &&
  (ordering === 'by-time' ? typeof value.at === 'string' && isIssuedTime(value.at) : value.at === undefined);

/** Exactly as `createdAtPosition` writes it; `Date.parse` alone takes "2026" or "1", which PostgreSQL refuses. */
const isIssuedTime = (at: string): boolean => {
  const time = new Date(at);
  return !Number.isNaN(time.getTime()) && time.toISOString() === at;
};

const parseJson = (text: string): Partial<CursorPosition> => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Partial<CursorPosition>) : {};
  } catch {
    return {};
  }
};

/** The position a cursor encodes (none for a first page); a cursor this API did not issue is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined, ordering: CursorOrdering): CursorPosition | null {
  if (cursor === undefined) return null;
  const parsed = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (isPosition(parsed, ordering)) return parsed;
  throw fieldError('cursor', FOREIGN_CURSOR);
}

/**
 * SQL for "after this position" in a list of `table` (aliased `alias`) ordered by
 * (created_at DESC, id DESC), given the placeholders of the position's time and id. The position
 * keeps only milliseconds, while rows written by one statement (an import batch, a campaign batch
 * in the outbox) share a `created_at` to the microsecond: the last row's own time is read back by
 * its id so that none of them is skipped. The position's time serves only if that row is gone.
 */
export const afterCreatedAtSql = (table: string, alias: string, at: string, id: string): string =>
  `(${alias}.created_at, ${alias}.id) < (COALESCE((SELECT last.created_at FROM ${table} last WHERE last.id = ${id}), ${at}), ${id})`;

/** `afterCreatedAtSql` as an `sql` fragment, with the position's time and id bound. */
export const afterCreatedAt = (table: string, alias: string, after: CursorPosition): Sql => {
  const a = sql.ident(alias);
  const id = sql.typed(after.id, 'uuid');
  return sql`(${a}.created_at, ${a}.id) < (COALESCE((SELECT last.created_at FROM ${sql.ident(table)} last WHERE last.id = ${id}), ${sql.typed(after.at, 'timestamptz')}), ${id})`;
};

/** The position of a row in a list ordered by (created_at DESC, id DESC). */
export const createdAtPosition = (row: { created_at: Date; id: string }): CursorPosition => ({
  at: row.created_at.toISOString(),
  id: row.id,
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Turns `limit + 1` fetched rows into a page and the cursor after its last row, without a count. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  position: (row: Row) => CursorPosition,
  toItem: (row: Row) => Item,
): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(position(last)) : null,
  };
}
