import { BadRequestException } from '@nestjs/common';

/** An opaque cursor holding the sort key of the last row of the previous page. */
export const encodeCursor = (key: string): string =>
  Buffer.from(JSON.stringify({ after: key })).toString('base64url');

/** The sort key a cursor holds; a cursor this API did not issue is a 400 naming `cursor`. */
export function decodeCursor(
  cursor: string | undefined,
  isKey: (key: string) => boolean,
): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const { after } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof after === 'string' && isKey(after)) return after;
  } catch {
    // Not JSON: answered below like any other foreign cursor.
  }
  throw new BadRequestException({
    message: 'cursor: not a cursor this API issued',
    details: [{ field: 'cursor', messages: ['not a cursor this API issued'] }],
  });
}
