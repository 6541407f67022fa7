import type { SegmentField } from './fields';
import { donationsFirstDate, donationsLastDate, donationsNumber } from './giving-sql';
import {
  aggregateNumber,
  expressionLeaf,
  hasRows,
  type Leaf,
  negateLeaf,
  RECEIVED_SQL,
  type Relation,
  renderLeaf,
  windowStart,
} from './relations';
import type { SegmentCondition } from './rule';
import { datePredicate, type PredicateContext, textPredicate } from './sql-predicates';

type FieldSql = (condition: SegmentCondition, context: PredicateContext) => Leaf;

const SUBSCRIPTIONS: Relation = {
  from: 'newsletter_subscriptions ns',
  alias: 'ns',
  filters: [],
  oneRowPerSupporter: true,
};
const MONTHLY_GIFTS: Relation = {
  from: 'recurring_donations r',
  alias: 'r',
  filters: ["r.status IN ('active', 'past_due', 'cancelled')"],
};
const ACTIVE_MONTHLY_GIFTS: Relation = {
  from: 'recurring_donations r',
  alias: 'r',
  filters: ['r.supporter_id IS NOT NULL', "r.status = 'active'"],
};
const GIFT_AID: Relation = {
  from: 'gift_aid_declarations g',
  alias: 'g',
  filters: ['g.cancelled_at IS NULL'],
};

const valuesOf = (condition: SegmentCondition): readonly string[] =>
  condition.op === 'in' ? (condition.value as readonly string[]) : [condition.value as string];

/**
 * A status held in related rows, where "none" means no such row: eq / in test membership, neq is
 * the complement of eq.
 */
function statusMember(relation: Relation, column: string): FieldSql {
  return (condition, context) => {
    const wanted = valuesOf(condition);
    const real = wanted.filter((value) => value !== 'none');
    const held = real.length
      ? hasRows(relation, [`${column} = ANY(${context.params.bind(real, 'text[]')})`])
      : null;
    const none = wanted.includes('none') ? hasRows(relation, [], true) : null;
    const matches =
      held && none
        ? expressionLeaf(`(${renderLeaf(held, false)} OR ${renderLeaf(none, false)})`)
        : (held ?? none);
    if (!matches) throw new Error('unvalidated status list reached the compiler');
    return condition.op === 'neq' ? negateLeaf(matches) : matches;
  };
}

/** Subscription dates live on the subscription row; a missing row is a null date. */
const subscriptionDate: FieldSql = (condition, context) =>
  condition.op === 'exists'
    ? hasRows(SUBSCRIPTIONS, ['ns.confirmed_at IS NOT NULL'], condition.value === false)
    : hasRows(SUBSCRIPTIONS, [datePredicate('ns.confirmed_at', condition, context)]);

const emailActivity =
  (type: 'open' | 'click'): FieldSql =>
  (condition, context) => {
    const filters = [`e.type = '${type}'`];
    if (condition.within) {
      const start = windowStart(condition.within, context.now).toISOString();
      filters.push(`e.occurred_at >= ${context.params.bind(start, 'timestamptz')}`);
    }
    return hasRows({ from: 'email_events e', alias: 'e', filters }, [], condition.value === false);
  };

const tags: FieldSql = (condition, context) => {
  if (condition.op === 'contains') {
    return expressionLeaf(`s.tags @> ARRAY[${context.params.bind(condition.value, 'text')}]`);
  }
  const bound = context.params.bind(condition.value, 'text[]');
  if (condition.op === 'all_of') return expressionLeaf(`s.tags @> ${bound}`);
  return expressionLeaf(condition.op === 'none_of' ? `NOT (s.tags && ${bound})` : `s.tags && ${bound}`);
};

const campaignReceived: FieldSql = (condition, context) => {
  const campaigns = context.params.bind(valuesOf(condition), 'uuid[]');
  const relation: Relation = { from: 'campaign_recipients cr', alias: 'cr', filters: [RECEIVED_SQL] };
  return hasRows(relation, [`cr.campaign_id = ANY(${campaigns})`], condition.op === 'neq');
};

/** How each field of the rule language becomes a boolean SQL expression over supporters `s`. */
export const FIELD_SQL: Record<SegmentField, FieldSql> = {
  'subscription.status': statusMember(SUBSCRIPTIONS, 'ns.status'),
  'subscription.confirmed_at': subscriptionDate,
  'supporter.created_at': (condition, context) =>
    expressionLeaf(
      condition.op === 'exists'
        ? String(condition.value !== false).toUpperCase()
        : datePredicate('s.created_at', condition, context),
    ),
  'supporter.source': (condition, context) => expressionLeaf(textPredicate('s.source', condition, context)),
  'supporter.email_domain': (condition, context) =>
    expressionLeaf(textPredicate("split_part(s.email_normalised, '@', 2)", condition, context)),
  tags,
  'donations.total': donationsNumber('total'),
  'donations.count': donationsNumber('gift_count'),
  'donations.largest': donationsNumber('largest'),
  'donations.first_date': donationsFirstDate,
  'donations.last_date': donationsLastDate,
  'recurring.status': statusMember(MONTHLY_GIFTS, 'r.status'),
  'recurring.amount': (condition, context) =>
    aggregateNumber(() => ACTIVE_MONTHLY_GIFTS, 'sum(r.amount)', condition, context),
  'gift_aid.declared': (condition) => hasRows(GIFT_AID, [], condition.value === false),
  'email.opened': emailActivity('open'),
  'email.clicked': emailActivity('click'),
  'campaign.received': campaignReceived,
};
