import { formatDate, formatMoney } from './format-money';

describe('formatMoney and formatDate', () => {
  it('shows minor units in the currency’s own symbol and exponent, whatever case the code is in', () => {
    expect(formatMoney(123450, 'gbp')).toBe('£1,234.50');
    expect(formatMoney(1250, 'GBP')).toBe('£12.50');
    expect(formatMoney(500, 'jpy')).toBe('JP¥500');
    expect(formatMoney(999, 'eur')).toBe('€9.99');
    // The same formatter serves again, and a second currency does not replace the first.
    expect(formatMoney(5, 'gbp')).toBe('£0.05');
  });

  it('shows a calendar date as a UK reader expects it, on London’s clock', () => {
    expect(formatDate(new Date('2026-03-03T23:30:00Z'))).toBe('3 March 2026');
    expect(formatDate(new Date('2026-12-31T00:00:00Z'))).toBe('31 December 2026');
    // 23:30 UTC on 30 June is half past midnight on 1 July in London (BST).
    expect(formatDate(new Date('2026-06-30T23:30:00Z'))).toBe('1 July 2026');
  });
});
