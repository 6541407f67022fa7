import { durationBefore, parseDuration } from './duration';
import { numberMatches } from './number-test';
import type { SegmentCondition } from './rule';
import { datePredicate, numberPredicate, type PredicateContext } from './sql-predicates';

/** Donations that count toward totals: paid, and not fully refunded (the net amount is used). */
export const COUNTED_DONATION_STATUSES = ['succeeded', 'partially_refunded'] as const;
/** Recipient states meaning the campaign email was actually handed to the provider for this person. */
export const RECEIVED_RECIPIENT_STATUSES = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'complained',
  'unsubscribed',
] as const;

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');
export const COUNTED_DONATIONS_SQL = `d.status IN (${sqlList(COUNTED_DONATION_STATUSES)})`;
export const RECEIVED_SQL = `cr.status IN (${sqlList(RECEIVED_RECIPIENT_STATUSES)})`;

/** A table of per-supporter rows (`alias.supporter_id`) with the filters that always apply to it. */
export interface Relation {
  from: string;
  alias: string;
  filters: string[];
}

/** `s.id IN (subquery)`: uncorrelated, so PostgreSQL can hash it once instead of probing per supporter. */
export const member = (subquery: string, negate = false): string =>
  negate ? `NOT (s.id IN (${subquery}))` : `s.id IN (${subquery})`;

export function supporterIds(relation: Relation, extra: string[] = []): string {
  const filters = [...relation.filters, ...extra];
  const select = `SELECT ${relation.alias}.supporter_id FROM ${relation.from}`;
  return filters.length ? `${select} WHERE ${filters.join(' AND ')}` : select;
}

const grouped = (relation: Relation, having: string): string =>
  `${supporterIds(relation)} GROUP BY ${relation.alias}.supporter_id HAVING ${having}`;

export function windowStart(within: string, now: Date): Date {
  const duration = parseDuration(within);
  if (!duration) throw new Error('unvalidated duration reached the compiler');
  return durationBefore(now, duration);
}

/** Counted donations of one supporter, narrowed by the condition's `within` and `campaign`. */
export function countedDonations(condition: SegmentCondition, context: PredicateContext): Relation {
  const filters = ['d.supporter_id IS NOT NULL', COUNTED_DONATIONS_SQL];
  if (condition.within) {
    filters.push(
      `d.paid_at >= ${context.params.bind(windowStart(condition.within, context.now).toISOString(), 'timestamptz')}`,
    );
  }
  if (condition.campaign) filters.push(`d.campaign = ${context.params.bind(condition.campaign, 'text')}`);
  return { from: 'donations d', alias: 'd', filters };
}

const MONOTONIC = new Set(['gt', 'gte', 'lt', 'lte']);

/**
 * A numeric aggregate over a relation that is 0 for supporters without rows. When 0 matches, the
 * supporters whose aggregate fails are excluded instead, so non-donors are never looked up one by one.
 */
export function aggregateNumber(
  relation: Relation,
  aggregate: string,
  condition: SegmentCondition,
  context: PredicateContext,
): string {
  const zeroMatches = numberMatches(condition.op, condition.value, 0);
  const isCount = aggregate === 'count(*)';
  if (isCount && MONOTONIC.has(condition.op)) {
    const rowsMatch = numberMatches(condition.op, condition.value, 1);
    if (rowsMatch === numberMatches(condition.op, condition.value, Number.MAX_SAFE_INTEGER)) {
      if (rowsMatch === zeroMatches) return rowsMatch ? 'TRUE' : 'FALSE';
      return member(supporterIds(relation), zeroMatches);
    }
  }
  const having = numberPredicate(aggregate, condition, context);
  return member(grouped(relation, zeroMatches ? `NOT (${having})` : having), zeroMatches);
}

/** first (min) or last (max) of a timestamptz column; null for supporters without rows. */
export function aggregateDate(
  relation: Relation,
  column: string,
  which: 'min' | 'max',
  condition: SegmentCondition,
  context: PredicateContext,
): string {
  if (condition.op === 'exists') {
    return member(supporterIds(relation, [`${column} IS NOT NULL`]), condition.value === false);
  }
  const anyRowDecides =
    (which === 'min' && condition.op === 'before') || (which === 'max' && condition.op === 'after');
  if (anyRowDecides) return member(supporterIds(relation, [datePredicate(column, condition, context)]));
  return member(grouped(relation, datePredicate(`${which}(${column})`, condition, context)));
}
