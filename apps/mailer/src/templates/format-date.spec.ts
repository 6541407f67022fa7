import { formatDate } from './format-date';

describe('formatDate', () => {
  it('shows a calendar date as a UK reader expects it, on London’s clock', () => {
    expect(formatDate(new Date('2026-03-03T23:30:00Z'))).toBe('3 March 2026');
    expect(formatDate(new Date('2026-12-31T00:00:00Z'))).toBe('31 December 2026');
    // 23:30 UTC on 30 June is half past midnight on 1 July in London (BST).
    expect(formatDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026');
  });
});
