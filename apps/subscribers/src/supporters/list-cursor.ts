import { BadRequestException } from '@nestjs/common';

/** Position after the last item of a page, newest first: (created_at, id). Opaque to clients. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

export const encodeCursor = (position: ListPosition): string =>
  Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');

export function decodeCursor(cursor: string): ListPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof createdAt === 'string' &&
      !Number.isNaN(Date.parse(createdAt)) &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id)
    ) {
      return { createdAt, id };
    }
  } catch {
    // fall through: any undecodable cursor is the caller's mistake
  }
  throw new BadRequestException({
    message: 'cursor: is not a cursor this API returned',
    details: [{ field: 'cursor', messages: ['is not a cursor this API returned'] }],
  });
}
