import { sql, type Sql } from '@crm/sql';
import { dayAfter } from '@crm/values';
import type { SegmentCondition } from './rule';
import { resolveDate } from './value-shapes';

/**
 * SQL fragments that test one expression with a condition's operator and value. Values are always
 * bound (`sql.typed`), cast so PostgreSQL need not guess their type.
 */

const COMPARISON: Record<string, Sql> = {
  eq: sql`=`,
  neq: sql`<>`,
  gt: sql`>`,
  gte: sql`>=`,
  lt: sql`<`,
  lte: sql`<=`,
};

export const bindInstant = (instant: Date): Sql => sql.typed(instant.toISOString(), 'timestamptz');

export function dateParam(value: unknown, now: Date): Sql {
  const date = resolveDate(value as string, now);
  if (!date) throw new Error('unvalidated date value reached the compiler');
  return bindInstant(date);
}

/** before / after / between on a timestamptz expression; null when the expression is null. */
export function datePredicate(expression: Sql, condition: SegmentCondition, now: Date): Sql {
  if (condition.op === 'between') {
    const [from, to] = condition.value as readonly string[];
    const dayEnd = dayAfter(to!);
    return dayEnd
      ? sql`${expression} >= ${dateParam(from, now)} AND ${expression} < ${bindInstant(dayEnd)}`
      : sql`${expression} BETWEEN ${dateParam(from, now)} AND ${dateParam(to, now)}`;
  }
  const operator = condition.op === 'before' ? sql`<` : sql`>`;
  return sql`${expression} ${operator} ${dateParam(condition.value, now)}`;
}

/** eq / neq / gt / gte / lt / lte / between on a non-null numeric expression. */
export function numberPredicate(expression: Sql, condition: SegmentCondition): Sql {
  if (condition.op === 'between') {
    const [low, high] = condition.value as readonly number[];
    return sql`${expression} BETWEEN ${sql.typed(low, 'bigint')} AND ${sql.typed(high, 'bigint')}`;
  }
  return sql`${expression} ${COMPARISON[condition.op]!} ${sql.typed(condition.value, 'bigint')}`;
}

/** eq / neq / in / contains / exists on a nullable text expression, always true or false (never null). */
export function textPredicate(expression: Sql, condition: SegmentCondition): Sql {
  const { op, value } = condition;
  if (op === 'exists') return value === false ? sql`${expression} IS NULL` : sql`${expression} IS NOT NULL`;
  if (op === 'neq') return sql`${expression} IS DISTINCT FROM ${sql.typed(value, 'text')}`;
  // "IS NOT NULL AND" keeps the result true or false, so a NOT above it also includes null.
  const known = sql`${expression} IS NOT NULL AND `;
  if (op === 'in') return sql`(${known}${expression} = ANY(${sql.typed(value, 'text[]')}))`;
  if (op === 'contains') {
    return sql`(${known}strpos(lower(${expression}), lower(${sql.typed(value, 'text')})) > 0)`;
  }
  return sql`(${known}${expression} = ${sql.typed(value, 'text')})`;
}
