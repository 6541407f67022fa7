export interface FeeFormula {
  /** Basis points of the charged total (150 = 1.5 %). */
  percentBps: number;
  /** Fixed part per charge, in minor units. */
  fixed: number;
}

/**
 * The fee to add so that, after the processor takes `percent × total + fixed` from the total, the
 * charity still receives `amount`. Rounded up so the charity is never short by a penny.
 */
export function coveredFee(amount: number, formula: FeeFormula): number {
  const total = Math.ceil(((amount + formula.fixed) * 10_000) / (10_000 - formula.percentBps));
  return total - amount;
}
