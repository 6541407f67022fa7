import { BadRequestException } from '@nestjs/common';

/** Position after the last row of a page, for keyset pagination by (created_at DESC, id DESC). */
export interface PagePosition {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeCursor = (position: PagePosition): string =>
  Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');

/** Opaque to clients; anything that does not decode to a position is a 400 naming the field. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      typeof id === 'string' &&
      UUID.test(id)
    ) {
      return { createdAt, id };
    }
  } catch {
    // falls through to the 400 below
  }
  throw new BadRequestException({
    message: 'cursor: not a cursor returned by this list',
    details: [{ field: 'cursor', messages: ['not a cursor returned by this list'] }],
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows were fetched with `limit + 1` so a following page can be detected without a count. */
export function toPage<Row extends { id: string; created_at: Date }, T>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ createdAt: last.created_at.toISOString(), id: last.id })
        : null,
  };
}
