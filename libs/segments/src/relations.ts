import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { durationBefore, parseDuration } from './duration';
import { numberMatches } from './number-test';
import type { SegmentCondition } from './rule';
import { datePredicate, numberPredicate, type PredicateContext } from './sql-predicates';

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
  /** At most one row per supporter, so tests ANDed together may share one EXISTS. */
  oneRowPerSupporter?: boolean;
}

/** The supporter a condition is about: `s.id` at the top, an anchor's id when nested in its groups. */
export const TOP_SUBJECT = 's.id';

/**
 * A compiled condition: a two-valued boolean expression over `s`, or "the supporter has rows in a
 * relation" written as a correlated EXISTS on the subject id. PostgreSQL turns a top-level EXISTS /
 * NOT EXISTS into a semi / anti join and can hash one nested under OR, so no supporter is probed one
 * by one. A leaf that holds for the supporters of a grouped aggregate also carries that query of
 * their ids (`groups`), so a conjunction can nest its other tests inside it (see `compileSegment`).
 */
export type Leaf =
  | { expression: string }
  | {
      rows: (subject: string) => string;
      holdsWithoutRows: boolean;
      sameRow?: { relation: Relation; extra: string[] };
      groups?: string;
    };

export const expressionLeaf = (expression: string): Leaf => ({ expression });

export const negateLeaf = (leaf: Leaf): Leaf =>
  'expression' in leaf
    ? { expression: `NOT (${leaf.expression})` }
    : { ...leaf, holdsWithoutRows: !leaf.holdsWithoutRows };

export function renderLeaf(leaf: Leaf, negated: boolean, subject = TOP_SUBJECT): string {
  if ('expression' in leaf) return negated ? `NOT (${leaf.expression})` : leaf.expression;
  const rows = leaf.rows(subject);
  return leaf.holdsWithoutRows !== negated ? `NOT EXISTS (${rows})` : `EXISTS (${rows})`;
}

const where = (filters: string[]): string => (filters.length ? ` WHERE ${filters.join(' AND ')}` : '');

/** Holds when the supporter has a row in the relation passing `extra` (or, with `absent`, has none). */
export const hasRows = (relation: Relation, extra: string[] = [], absent = false): Leaf => ({
  rows: (subject) =>
    `SELECT 1 FROM ${relation.from}${where([`${relation.alias}.supporter_id = ${subject}`, ...relation.filters, ...extra])}`,
  holdsWithoutRows: absent,
  ...(relation.oneRowPerSupporter ? { sameRow: { relation, extra } } : {}),
});

/**
 * ANDed leaves: those on the same one-row-per-supporter relation become one EXISTS with all their
 * filters, so "subscribed and confirmed this month" reads the subscription once. A leaf needing
 * the row to be absent (or to fail its filters) joins them as `(filters) IS NOT TRUE` when another
 * leaf already requires the row: "gave in two years but not in one" reads each donor's summary once.
 */
export function combineConjunction(leaves: Leaf[]): Leaf[] {
  const groups = new Map<
    string,
    { relation: Relation; present: boolean; filters: string[]; absent: string[][] }
  >();
  const others: Leaf[] = [];
  for (const leaf of leaves) {
    if (!('rows' in leaf) || !leaf.sameRow) {
      others.push(leaf);
      continue;
    }
    const { relation, extra } = leaf.sameRow;
    const group = groups.get(relation.from) ?? { relation, present: false, filters: [], absent: [] };
    groups.set(relation.from, group);
    if (leaf.holdsWithoutRows) {
      group.absent.push(extra);
    } else {
      group.present = true;
      group.filters.push(...extra);
    }
  }
  const combined = [...groups.values()].flatMap(({ relation, present, filters, absent }) => {
    if (!present) return absent.map((extra) => hasRows(relation, extra, true));
    const excluded = absent.map((extra) => `(${extra.join(' AND ') || 'TRUE'}) IS NOT TRUE`);
    return [hasRows(relation, [...filters, ...excluded])];
  });
  // Plain column tests first: AND stops at the first false, so a segment scan probes the
  // subqueries' hash tables only for supporters those tests let through.
  const columnTests = others.filter((leaf) => 'expression' in leaf);
  const relationTests = others.filter((leaf) => !('expression' in leaf));
  return [...columnTests, ...combined, ...relationTests];
}

/** Holds when the supporter's group of rows passes `having` (or, with `absent`, when it does not). */
const hasGroup = (relation: Relation, having: string, absent: boolean): Leaf => {
  const id = `${relation.alias}.supporter_id`;
  const groups = `SELECT ${id} FROM ${relation.from}${where(relation.filters)} GROUP BY ${id} HAVING ${having}`;
  return {
    rows: (subject) => `SELECT 1 FROM (${groups}) grouped WHERE grouped.supporter_id = ${subject}`,
    holdsWithoutRows: absent,
    groups,
  };
};

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
 * A count compared with a bound it always passes (or fails) for any row needs no grouping at all,
 * only `anyRow` (by default: a row of the relation).
 */
export function aggregateNumber(
  relationOf: () => Relation,
  aggregate: string,
  condition: SegmentCondition,
  context: PredicateContext,
  anyRow: (absent: boolean) => Leaf = (absent) => hasRows(relationOf(), [], absent),
): Leaf {
  const zeroMatches = numberMatches(condition.op, condition.value, 0);
  const isCount = aggregate === 'count(*)';
  if (isCount && MONOTONIC.has(condition.op)) {
    const rowsMatch = numberMatches(condition.op, condition.value, 1);
    if (rowsMatch === numberMatches(condition.op, condition.value, Number.MAX_SAFE_INTEGER)) {
      if (rowsMatch === zeroMatches) return expressionLeaf(rowsMatch ? 'TRUE' : 'FALSE');
      return anyRow(zeroMatches);
    }
  }
  // The relation binds its own parameters (window, campaign), so it is built only when used.
  const relation = relationOf();
  const having = numberPredicate(aggregate, condition, context);
  return hasGroup(relation, zeroMatches ? `NOT (${having})` : having, zeroMatches);
}

/** first (min) or last (max) of a timestamptz column; null for supporters without rows. */
export function aggregateDate(
  relation: Relation,
  column: string,
  which: 'min' | 'max',
  condition: SegmentCondition,
  context: PredicateContext,
): Leaf {
  if (condition.op === 'exists')
    return hasRows(relation, [`${column} IS NOT NULL`], condition.value === false);
  const anyRowDecides =
    (which === 'min' && condition.op === 'before') || (which === 'max' && condition.op === 'after');
  if (anyRowDecides) return hasRows(relation, [datePredicate(column, condition, context)]);
  return hasGroup(relation, datePredicate(`${which}(${column})`, condition, context), false);
}
