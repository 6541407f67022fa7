import fc from 'fast-check';
import { coveredFee } from './fees';

const ukCards = { percentBps: 150, fixed: 20 };

describe('coveredFee', () => {
  it('adds 1.5 % + 20p grossed up: £10 becomes £10.36', () => {
    expect(coveredFee(1000, ukCards)).toBe(36);
  });

  it('always leaves the charity at least the intended amount, and never more than a penny over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 1_000_000 }), (amount) => {
        const total = amount + coveredFee(amount, ukCards);
        const received = total - (total * 150) / 10_000 - 20;
        expect(received).toBeGreaterThanOrEqual(amount);
        expect(received).toBeLessThan(amount + 1);
      }),
    );
  });
});
