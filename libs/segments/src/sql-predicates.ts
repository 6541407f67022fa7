import { dayAfter } from '@crm/values';
import type { SegmentCondition } from './rule';
import type { SqlParams } from './sql-params';
import { resolveDate } from './value-shapes';

/** SQL fragments that test one expression with a condition's operator and bound value. */
export interface PredicateContext {
  params: SqlParams;
  now: Date;
}

const COMPARISON: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };

export function dateParam(value: unknown, context: PredicateContext): string {
  const date = resolveDate(value as string, context.now);
  if (!date) throw new Error('unvalidated date value reached the compiler');
  return context.params.bind(date.toISOString(), 'timestamptz');
}

/** before / after / between on a timestamptz expression; false when the expression is null. */
export function datePredicate(
  expression: string,
  condition: SegmentCondition,
  context: PredicateContext,
): string {
  if (condition.op === 'between') {
    const [from, to] = condition.value as readonly string[];
    const dayEnd = dayAfter(to!);
    return dayEnd
      ? `${expression} >= ${dateParam(from, context)} AND ${expression} < ${context.params.bind(dayEnd.toISOString(), 'timestamptz')}`
      : `${expression} BETWEEN ${dateParam(from, context)} AND ${dateParam(to, context)}`;
  }
  const operator = condition.op === 'before' ? '<' : '>';
  return `${expression} ${operator} ${dateParam(condition.value, context)}`;
}

/** eq / neq / gt / gte / lt / lte / between on a non-null numeric expression. */
export function numberPredicate(
  expression: string,
  condition: SegmentCondition,
  context: PredicateContext,
): string {
  if (condition.op === 'between') {
    const [low, high] = condition.value as readonly number[];
    return `${expression} BETWEEN ${context.params.bind(low, 'bigint')} AND ${context.params.bind(high, 'bigint')}`;
  }
  return `${expression} ${COMPARISON[condition.op]} ${context.params.bind(condition.value, 'bigint')}`;
}

/** eq / neq / in / contains / exists on a nullable text expression, always true or false (never null). */
export function textPredicate(
  expression: string,
  condition: SegmentCondition,
  context: PredicateContext,
): string {
  const { op, value } = condition;
  if (op === 'exists') return `${expression} IS ${value === false ? '' : 'NOT '}NULL`;
  if (op === 'neq') return `${expression} IS DISTINCT FROM ${context.params.bind(value, 'text')}`;
  // "IS NOT NULL AND" keeps the result true or false, so a NOT above it also includes null.
  const known = `${expression} IS NOT NULL AND `;
  if (op === 'in') return `(${known}${expression} = ANY(${context.params.bind(value, 'text[]')}))`;
  if (op === 'contains') {
    return `(${known}strpos(lower(${expression}), lower(${context.params.bind(value, 'text')})) > 0)`;
  }
  return `(${known}${expression} = ${context.params.bind(value, 'text')})`;
}
