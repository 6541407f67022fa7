import { BadRequestException } from '@nestjs/common';

/** Keyset position: the last row's id (or natural key), and its time when the list is ordered by time. */
export interface CursorPosition {
  at?: string;
  id: string;
}

const ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

type Ordering = 'by-time' | 'by-id' | 'by-key';

const isPosition = (value: Partial<CursorPosition>, ordered: Ordering): value is CursorPosition =>
  typeof value.id === 'string' &&
  value.id.length <= 500 &&
  (ordered === 'by-key' || ROW_ID.test(value.id)) &&
  (value.at === undefined || (typeof value.at === 'string' && !Number.isNaN(Date.parse(value.at))));

const parseJson = (text: string): Partial<CursorPosition> => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Partial<CursorPosition>) : {};
  } catch {
    return {};
  }
};

/** The position a cursor encodes; a cursor this API did not issue is a 400. */
export function decodeCursor(cursor: string | undefined, ordered: Ordering): CursorPosition | null {
  if (!cursor) return null;
  const parsed = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (isPosition(parsed, ordered) && (ordered !== 'by-time' || parsed.at !== undefined)) return parsed;
  throw new BadRequestException({ message: 'cursor: not a cursor this API issued', details: ['cursor'] });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Turns `limit + 1` fetched rows into a page and the cursor after its last row. */
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
    nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null,
  };
}
