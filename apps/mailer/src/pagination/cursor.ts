import { BadRequestException } from '@nestjs/common';

/** Keyset position in a list ordered newest first: the last row's time and id. */
export interface CursorPosition {
  at: string;
  id: string;
}

const ROW_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (position: CursorPosition): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPosition>;
    if (
      typeof parsed.at === 'string' &&
      typeof parsed.id === 'string' &&
      ROW_ID.test(parsed.id) &&
      !Number.isNaN(Date.parse(parsed.at))
    ) {
      return { at: parsed.at, id: parsed.id };
    }
  } catch {
    // fall through: a cursor that does not decode is the caller's mistake
  }
  throw new BadRequestException({ message: 'cursor is not a cursor this API issued', details: ['cursor'] });
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
