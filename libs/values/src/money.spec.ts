import { formatMoney } from './money';

describe('formatMoney', () => {
  it('shows minor units in the currency’s own symbol and exponent, whatever case the code is in', () => {
    expect(formatMoney(123450, 'gbp')).toBe('£1,234.50');
    expect(formatMoney(1250, 'GBP')).toBe('£12.50');
    expect(formatMoney(500, 'jpy')).toBe('JP¥500');
    expect(formatMoney(999, 'eur')).toBe('€9.99');
    // The same formatter serves again, and a second currency does not replace the first.
    expect(formatMoney(5, 'gbp')).toBe('£0.05');
  });
});
