import type { Operator } from './rule';

/** Whether `actual` satisfies a numeric operator; between is inclusive at both ends. */
export function numberMatches(op: Operator, value: unknown, actual: number): boolean {
  if (op === 'between') {
    const [low, high] = value as readonly number[];
    return actual >= low && actual <= high;
  }
  const target = value as number;
  const tests: Partial<Record<Operator, boolean>> = {
    eq: actual === target,
    neq: actual !== target,
    gt: actual > target,
    gte: actual >= target,
    lt: actual < target,
    lte: actual <= target,
  };
  const result = tests[op];
  if (result === undefined) throw new Error(`${op} is not a numeric operator`);
  return result;
}
