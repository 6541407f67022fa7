import fc from 'fast-check';
import { accountingPeriodOf, AGGREGATE_LINE_MAX, claimLines, type ClaimGift } from './claim-lines';

const rules = { aggregateMax: 2_000, accountingPeriodEnd: '03-31' };

const gift = (n: number, amount: number, paidAt: string): ClaimGift => ({
  id: `gift-${n}`,
  declarationId: 'd',
  amount,
  paidAt: new Date(paidAt),
});

describe('claim lines', () => {
  it('puts an accounting period end on the last day of the period, in London time', () => {
    expect(accountingPeriodOf(new Date('2026-03-31T22:59:00Z'), '03-31')).toBe(2026);
    // 00:30 on 1 April in London (BST) is still 31 March in UTC.
    expect(accountingPeriodOf(new Date('2026-03-31T23:30:00Z'), '03-31')).toBe(2027);
    expect(accountingPeriodOf(new Date('2026-12-31T12:00:00Z'), '12-31')).toBe(2026);
  });

  it('lists a gift over the threshold alone and aggregates smaller ones, one period per line', () => {
    const lines = claimLines(
      [
        gift(1, 1_500, '2026-03-01T12:00:00Z'),
        gift(2, 2_001, '2026-03-02T12:00:00Z'),
        gift(3, 2_000, '2026-03-03T12:00:00Z'),
        gift(4, 500, '2026-04-02T12:00:00Z'),
        gift(5, 700, '2026-04-03T12:00:00Z'),
      ],
      rules,
    );
    expect(lines.map((line) => [line.number, line.aggregated, line.gifts.map((g) => g.id)])).toEqual([
      [1, true, ['gift-1', 'gift-3']],
      [2, false, ['gift-2']],
      [3, true, ['gift-4', 'gift-5']],
    ]);
  });

  it('never makes an aggregated line over £1,000, nor aggregates a gift over the threshold, nor mixes periods', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            amount: fc.integer({ min: 1, max: 5_000 }),
            day: fc.integer({ min: 0, max: 800 }),
          }),
          { maxLength: 400 },
        ),
        fc.integer({ min: 0, max: 3_000 }),
        (drawn, aggregateMax) => {
          const gifts = drawn
            .map((g, n) =>
              gift(n, g.amount, new Date(Date.UTC(2025, 0, 1) + g.day * 86_400_000).toISOString()),
            )
            .sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());
          const lines = claimLines(gifts, { aggregateMax, accountingPeriodEnd: '03-31' });
          for (const line of lines.filter((l) => l.aggregated)) {
            expect(line.gifts.reduce((sum, g) => sum + g.amount, 0)).toBeLessThanOrEqual(AGGREGATE_LINE_MAX);
            expect(line.gifts.every((g) => g.amount <= aggregateMax)).toBe(true);
            expect(new Set(line.gifts.map((g) => accountingPeriodOf(g.paidAt, '03-31'))).size).toBe(1);
          }
          // Every gift is on exactly one line (fewer than 1,000 lines here).
          expect(lines.flatMap((l) => l.gifts.map((g) => g.id)).sort()).toEqual(
            gifts.map((g) => g.id).sort(),
          );
          expect(lines.map((l) => l.number)).toEqual(lines.map((_, i) => i + 1));
        },
      ),
    );
  });

  it('keeps the first 1,000 lines and never splits an aggregate', () => {
    const gifts = Array.from({ length: 1_200 }, (_, n) =>
      gift(n, 5_000, new Date(Date.UTC(2025, 5, 1) + n * 60_000).toISOString()),
    );
    gifts.push(gift(9_999, 100, '2025-05-01T12:00:00Z'), gift(10_000, 100, '2025-05-02T12:00:00Z'));
    gifts.sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime());
    const lines = claimLines(gifts, rules);
    expect(lines).toHaveLength(1_000);
    expect(lines[0]).toMatchObject({ aggregated: true });
    expect(lines[0]!.gifts).toHaveLength(2);
  });
});
