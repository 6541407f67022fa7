import { sql, type Sql } from '@crm/sql';
import type { Meaning } from './meaning';
import { numberMatches } from './number-test';
import {
  GIVING,
  groupsOf,
  type Relation,
  relationKey,
  rowsOf,
  supporterIdOf,
  windowStart,
} from './relations';
import type { SegmentCondition } from './rule';
import { bindInstant, datePredicate, numberPredicate } from './sql-predicates';
import type { TranslatedRule } from './translate-segment';

/**
 * Pass 2 of the segment compiler: the translated rule (pass 1, translate-segment.ts) rewritten
 * into SQL the planner runs fast over a million supporters. It selects the same supporters as the
 * plain SQL; the property test (segment-property.spec.ts) holds both to the in-memory evaluator.
 * The tactics, each described where it is applied:
 *
 * 1. Negation pushed down to the leaves (De Morgan), so every related-rows test is a top-level
 *    EXISTS or NOT EXISTS, which PostgreSQL turns into a semi / anti join or, under OR, a hashed
 *    subplan; nothing is probed supporter by supporter (`planNode`).
 * 2. Aggregates as groups: "0 without rows" aggregates become EXISTS over the supporters whose
 *    grouped rows pass (`HAVING`), or NOT EXISTS over those whose rows fail when 0 passes; a count
 *    whose answer any row decides is just EXISTS; first / last dates that any row decides are
 *    EXISTS too (`aggregateNumber`, `aggregateDate`).
 * 3. The giving summary (`supporter_giving`, one row per donor) answers the donations fields it
 *    holds exactly: any aggregate without `within` or `campaign`, "gave in the window", and the last
 *    date with a window (`givingLeaf`).
 * 4. Conjunctions on a one-row-per-supporter table share one EXISTS, a leaf needing the row absent
 *    joining as `(filters) IS NOT TRUE`; plain column tests go first (`combineConjunction`).
 * 5. Anchored conjunctions: a conjunction with a grouped aggregate tests its other related-rows
 *    conditions inside the aggregate's groups (`anchored`).
 */

interface PlanContext {
  /** The supporters alias the rule is about (`s`). */
  supporter: string;
  now: Date;
  /** Nested anchors are numbered so each names its own groups. */
  anchors: number;
}

export function planSegment(rule: TranslatedRule, supporter: string, now: Date): Sql {
  const context: PlanContext = { supporter, now, anchors: 0 };
  return planNode(rule, context, false).render(supporterIdOf(supporter));
}

/**
 * A planned condition: a two-valued boolean expression over the supporter, or "the supporter has
 * rows in a relation" written as a correlated EXISTS on the subject id. A leaf that holds for the
 * supporters of a grouped aggregate also carries that query of their ids (`groups`), so a
 * conjunction can nest its other tests inside it (`anchored`).
 */
type Leaf =
  | { expression: Sql }
  | {
      rows: (subject: Sql) => Sql;
      holdsWithoutRows: boolean;
      sameRow?: { relation: Relation; extra: Sql[] };
      groups?: Sql;
    };

const expressionLeaf = (expression: Sql): Leaf => ({ expression });

const negateLeaf = (leaf: Leaf): Leaf =>
  'expression' in leaf
    ? { expression: sql`NOT (${leaf.expression})` }
    : { ...leaf, holdsWithoutRows: !leaf.holdsWithoutRows };

function renderLeaf(leaf: Leaf, subject: Sql): Sql {
  if ('expression' in leaf) return leaf.expression;
  const rows = leaf.rows(subject);
  return leaf.holdsWithoutRows ? sql`NOT EXISTS (${rows})` : sql`EXISTS (${rows})`;
}

/** Holds when the supporter has a row in the relation passing `extra` (or, with `absent`, has none). */
const hasRows = (relation: Relation, extra: Sql[] = [], absent = false): Leaf => ({
  rows: (subject) => rowsOf(relation, subject, extra),
  holdsWithoutRows: absent,
  ...(relation.oneRowPerSupporter ? { sameRow: { relation, extra } } : {}),
});

/** Holds when the supporter's group of rows passes `having` (or, with `absent`, when it does not). */
const hasGroup = (relation: Relation, having: Sql, absent: boolean): Leaf => {
  const groups = groupsOf(relation, having);
  return {
    rows: (subject) => sql`SELECT 1 FROM (${groups}) grouped WHERE grouped.supporter_id = ${subject}`,
    holdsWithoutRows: absent,
    groups,
  };
};

/** Each meaning's fast form (tactics 2 and 3). */
function leafOf(meaning: Meaning, context: PlanContext): Leaf {
  switch (meaning.kind) {
    case 'test':
      return expressionLeaf(meaning.test(context.supporter));
    case 'rows':
      return hasRows(meaning.relation, meaning.filters, meaning.absent);
    case 'number':
      return givingLeaf(meaning, context) ?? aggregateNumber(meaning);
    case 'date':
      return (
        givingLeaf(meaning, context) ??
        aggregateDate(meaning.relation, meaning.column, meaning.which, meaning.condition, context.now)
      );
  }
}

const MONOTONIC = new Set(['gt', 'gte', 'lt', 'lte']);

/**
 * A numeric aggregate that is 0 for supporters without rows. When 0 matches, the supporters whose
 * aggregate fails are excluded instead, so non-donors are never looked up one by one. A count
 * compared with a bound it always passes (or fails) for any row needs no grouping at all, only
 * `anyRow` (by default: a row of the relation).
 */
function aggregateNumber(
  { relation, aggregate, isCount, condition }: Extract<Meaning, { kind: 'number' }>,
  anyRow: (absent: boolean) => Leaf = (absent) => hasRows(relation, [], absent),
): Leaf {
  const zeroMatches = numberMatches(condition.op, condition.value, 0);
  if (isCount && MONOTONIC.has(condition.op)) {
    const rowsMatch = numberMatches(condition.op, condition.value, 1);
    if (rowsMatch === numberMatches(condition.op, condition.value, Number.MAX_SAFE_INTEGER)) {
      if (rowsMatch === zeroMatches) return expressionLeaf(rowsMatch ? sql`TRUE` : sql`FALSE`);
      return anyRow(zeroMatches);
    }
  }
  const having = numberPredicate(aggregate, condition);
  return hasGroup(relation, zeroMatches ? sql`NOT (${having})` : having, zeroMatches);
}

/** first (min) or last (max) of a timestamptz column; null for supporters without rows. */
function aggregateDate(
  relation: Relation,
  column: Sql,
  which: 'min' | 'max',
  condition: SegmentCondition,
  now: Date,
): Leaf {
  if (condition.op === 'exists') {
    return hasRows(relation, [sql`${column} IS NOT NULL`], condition.value === false);
  }
  const anyRowDecides =
    (which === 'min' && condition.op === 'before') || (which === 'max' && condition.op === 'after');
  if (anyRowDecides) return hasRows(relation, [datePredicate(column, condition, now)]);
  const aggregate = which === 'min' ? sql`min(${column})` : sql`max(${column})`;
  return hasGroup(relation, datePredicate(aggregate, condition, now), false);
}

/**
 * Tactic 3, the giving summary: a supporter has a `supporter_giving` row exactly when they have a
 * counted gift, so the aggregates' "0 / null with none" semantics carry over. It answers any
 * donations aggregate without `within` or `campaign`; with a window, "gave in it" (the last gift
 * falls in it) and the last date (the last gift in a window is the last gift overall when that
 * falls in the window). Null when the summary cannot answer the meaning.
 */
function givingLeaf(meaning: Meaning, context: PlanContext): Leaf | null {
  if (meaning.kind !== 'number' && meaning.kind !== 'date') return null;
  const { giving, condition } = meaning;
  if (!giving || condition.campaign) return null;
  const column = sql`sg.${sql.ident(giving)}`;
  const inWindow = condition.within
    ? [sql`sg.last_paid_at >= ${bindInstant(windowStart(condition.within, context.now))}`]
    : [];
  if (meaning.kind === 'number') {
    if (condition.within) return aggregateNumber(meaning, (absent) => hasRows(GIVING, inWindow, absent));
    const zeroMatches = numberMatches(condition.op, condition.value, 0);
    const test = numberPredicate(column, condition);
    return hasRows(GIVING, [zeroMatches ? sql`NOT (${test})` : test], zeroMatches);
  }
  // The first gift in a window is not the first gift overall: the summary cannot say.
  if (condition.within && giving === 'first_paid_at') return null;
  return condition.op === 'exists'
    ? hasRows(GIVING, [...inWindow, sql`${column} IS NOT NULL`], condition.value === false)
    : hasRows(GIVING, [...inWindow, datePredicate(column, condition, context.now)]);
}

/**
 * Tactic 4. ANDed leaves on the same one-row-per-supporter relation become one EXISTS with all
 * their filters, so "subscribed and confirmed this month" reads the subscription once. A leaf
 * needing the row to be absent (or to fail its filters) joins them as `(filters) IS NOT TRUE` when
 * another leaf already requires the row: "gave in two years but not in one" reads each donor's
 * summary once.
 */
function combineConjunction(leaves: Leaf[]): Leaf[] {
  const groups = new Map<string, { relation: Relation; present: boolean; filters: Sql[]; absent: Sql[][] }>();
  const others: Leaf[] = [];
  for (const leaf of leaves) {
    if (!('rows' in leaf) || !leaf.sameRow) {
      others.push(leaf);
      continue;
    }
    const { relation, extra } = leaf.sameRow;
    const key = relationKey(relation);
    const group = groups.get(key) ?? { relation, present: false, filters: [], absent: [] };
    groups.set(key, group);
    if (leaf.holdsWithoutRows) {
      group.absent.push(extra);
    } else {
      group.present = true;
      group.filters.push(...extra);
    }
  }
  const combined = [...groups.values()].flatMap(({ relation, present, filters, absent }) => {
    if (!present) return absent.map((extra) => hasRows(relation, extra, true));
    const excluded = absent.map(
      (extra) => sql`(${extra.length ? sql.join(extra, ' AND ') : sql`TRUE`}) IS NOT TRUE`,
    );
    return [hasRows(relation, [...filters, ...excluded])];
  });
  // Plain column tests first: AND stops at the first false, so a segment scan probes the
  // subqueries' hash tables only for supporters those tests let through.
  const columnTests = others.filter((leaf) => 'expression' in leaf);
  const relationTests = others.filter((leaf) => !('expression' in leaf));
  return [...columnTests, ...combined, ...relationTests];
}

/**
 * A planned subtree, rendered for a subject id. `idOnly` nodes read nothing of the supporter but
 * the id, so they may be rendered inside an anchor's groups instead of over the supporter.
 */
interface PlannedNode {
  render: (subject: Sql) => Sql;
  idOnly: boolean;
  /** For a leaf holding exactly for the supporters of a grouped aggregate: the query of their ids. */
  groups?: Sql;
}

const leafNode = (leaf: Leaf): PlannedNode => ({
  render: (subject) => renderLeaf(leaf, subject),
  idOnly: 'rows' in leaf,
  ...('rows' in leaf && !leaf.holdsWithoutRows && leaf.groups ? { groups: leaf.groups } : {}),
});

const joined = (nodes: PlannedNode[], operator: 'AND' | 'OR'): PlannedNode => ({
  render: (subject) =>
    sql`(${sql.join(
      nodes.map((node) => node.render(subject)),
      ` ${operator} `,
    )})`,
  idOnly: nodes.every((node) => node.idOnly),
});

/** Tactic 1: negation is carried down to the leaves, so each becomes EXISTS or NOT EXISTS. */
function planNode(rule: TranslatedRule, context: PlanContext, negated: boolean): PlannedNode {
  if ('not' in rule) return planNode(rule.not, context, !negated);
  if ('meaning' in rule) {
    const leaf = leafOf(rule.meaning, context);
    return leafNode(negated ? negateLeaf(leaf) : leaf);
  }
  const isAll = 'all' in rule;
  const children = isAll ? rule.all : rule.any;
  // An OR, or an AND under a NOT (which De Morgan makes an OR of the negations).
  if (isAll === negated) {
    return joined(
      children.map((child) => planNode(child, context, negated)),
      'OR',
    );
  }
  const leaves: Leaf[] = [];
  const subtrees: PlannedNode[] = [];
  for (const child of children) {
    const leaf = conjunctLeaf(child, context, negated);
    if (leaf) leaves.push(leaf);
    else subtrees.push(planNode(child, context, negated));
  }
  return anchored([...combineConjunction(leaves).map(leafNode), ...subtrees], context);
}

/** A condition under any number of `not`s, as one (possibly negated) leaf; null for combinators. */
function conjunctLeaf(rule: TranslatedRule, context: PlanContext, negated: boolean): Leaf | null {
  if ('not' in rule) return conjunctLeaf(rule.not, context, !negated);
  if (!('meaning' in rule)) return null;
  const leaf = leafOf(rule.meaning, context);
  return negated ? negateLeaf(leaf) : leaf;
}

/**
 * Tactic 5. A conjunction with a grouped aggregate ("gave £100 in the last year") tests its other
 * id-only conditions inside the aggregate's groups: under an OR, every supporter then probes one
 * hashed set of the supporters passing them all, instead of the aggregate's larger set and then
 * each of the others.
 */
function anchored(parts: PlannedNode[], context: PlanContext): PlannedNode {
  const anchor = parts.find((part) => part.groups !== undefined);
  const inside = parts.filter((part) => part !== anchor && part.idOnly);
  if (!anchor?.groups || inside.length === 0) return joined(parts, 'AND');
  const alias = sql.ident(`anchor${++context.anchors}`);
  const groups = anchor.groups;
  const nested: PlannedNode = {
    render: (subject) =>
      sql`EXISTS (SELECT 1 FROM (${groups}) ${alias} WHERE ${alias}.supporter_id = ${subject} AND ${joined(inside, 'AND').render(sql`${alias}.supporter_id`)})`,
    idOnly: true,
  };
  return joined([...parts.filter((part) => part !== anchor && !part.idOnly), nested], 'AND');
}
