import { InvalidFieldsError } from '../errors/field-error';
import { createdAtPosition, decodeCursor, encodeCursor, toPage } from './cursor';

const id = '6f1c1d8e-3b0a-4f4e-9a43-7d1f0c2b9e10';

describe('list cursors', () => {
  it('round-trip a position for each ordering', () => {
    const timed = { at: '2026-11-28T10:00:00.000Z', id };
    expect(decodeCursor(encodeCursor(timed), 'by-time')).toEqual(timed);
    expect(decodeCursor(encodeCursor({ id }), 'by-id')).toEqual({ id });
    expect(decodeCursor(encodeCursor({ id: 'Monthly donors' }), 'by-key')).toEqual({ id: 'Monthly donors' });
  });

  it('read no cursor as the first page', () => {
    expect(decodeCursor(undefined, 'by-id')).toBeNull();
  });

  it.each([
    ['garbage', 'not-base64-json'],
    ['a JSON array', Buffer.from('[1,2]').toString('base64url')],
    ['a non-uuid id', encodeCursor({ at: '2026-11-28T10:00:00Z', id: "1' OR 1=1" })],
    ['a missing time', encodeCursor({ id })],
    ['a bad time', encodeCursor({ at: 'yesterday', id })],
  ])('reject %s with a 400 naming the cursor', (_, cursor) => {
    const attempt = () => decodeCursor(cursor, 'by-time');
    expect(attempt).toThrow(InvalidFieldsError);
    expect(attempt).toThrow(/cursor/);
  });

  it('page rows fetched with limit + 1 and point after the last item', () => {
    const rows = [3, 2, 1].map((n) => ({ id, created_at: new Date(Date.UTC(2026, 0, n)), n }));
    const page = toPage(rows, 2, createdAtPosition, (row) => row.n);
    expect(page.items).toEqual([3, 2]);
    expect(decodeCursor(page.nextCursor!, 'by-time')).toEqual({ at: '2026-01-02T00:00:00.000Z', id });
    expect(toPage(rows, 3, createdAtPosition, (row) => row.n).nextCursor).toBeNull();
  });
});
