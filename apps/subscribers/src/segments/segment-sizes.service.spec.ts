import type { Segment } from '@crm/entities';
import type { CountRow } from '@crm/segments';
import type { SegmentMembersService } from './segment-members.service';
import { SegmentSizesService } from './segment-sizes.service';

const segment = (id: string, updatedAt = new Date('2026-12-01T00:00:00Z')): Segment =>
  ({ id, updatedAt, rules: { field: 'tags', op: 'contains', value: id } }) as unknown as Segment;

describe('audience sizes for the list', () => {
  it('answers within its wait with the sizes ready, counting at most two at a time, and has the rest later', async () => {
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const counts = {
      count: jest.fn(async (): Promise<CountRow> => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;
        return { count: 10, mailable: 7 };
      }),
    };
    const sizes = new SegmentSizesService(counts as unknown as SegmentMembersService);
    const segments = ['a', 'b', 'c'].map((id) => segment(id));

    const started = Date.now();
    const first = await sizes.sizesOf(segments);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect([...first.values()]).toEqual([null, null, null]);
    expect(most).toBe(2);

    while (counts.count.mock.calls.length < 3 || release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const later = await sizes.sizesOf(segments);
    expect([...later.values()]).toEqual(
      segments.map(() => ({ count: 10, mailable: 7, countedAt: expect.any(Date) })),
    );
    // Fresh sizes are not counted again; an edited segment is.
    expect(counts.count).toHaveBeenCalledTimes(3);
    const edited = [segment('a', new Date('2026-12-02T00:00:00Z'))];
    const pending = sizes.sizesOf(edited);
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
    expect((await pending).get('a')).toEqual(expect.objectContaining({ count: 10 }));
    expect(counts.count).toHaveBeenCalledTimes(4);
  });
});
