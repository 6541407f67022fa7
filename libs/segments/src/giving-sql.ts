import { numberMatches } from './number-test';
import {
  aggregateDate,
  aggregateNumber,
  countedDonations,
  hasRows,
  type Leaf,
  type Relation,
  windowStart,
} from './relations';
import type { SegmentCondition } from './rule';
import { datePredicate, numberPredicate, type PredicateContext } from './sql-predicates';

/**
 * The per-supporter summary of counted donations (all time, all campaigns; migration
 * `1764800000000-supporter-giving`, kept exact by triggers on donations). A supporter has a row
 * exactly when they have a counted gift, so the aggregates' "0 / null with none" semantics carry
 * over. Conditions it can answer exactly read one row per donor instead of grouping donations:
 * any aggregate without `within` or `campaign`, and, with a window, "gave in it" and the last
 * date (the last gift in a window is the last gift overall when that falls in the window).
 */
const GIVING: Relation = {
  from: 'supporter_giving sg',
  alias: 'sg',
  filters: [],
  oneRowPerSupporter: true,
};

type GivingNumber = 'gift_count' | 'total' | 'largest';
type DonationsLeaf = (condition: SegmentCondition, context: PredicateContext) => Leaf;

const NET_AMOUNT = '(d.amount - d.refunded_amount)';
const AGGREGATE: Record<GivingNumber, string> = {
  gift_count: 'count(*)',
  total: `sum${NET_AMOUNT}`,
  largest: `max${NET_AMOUNT}`,
};

const inWindow = (condition: SegmentCondition, context: PredicateContext): string[] =>
  condition.within
    ? [
        `sg.last_paid_at >= ${context.params.bind(windowStart(condition.within, context.now).toISOString(), 'timestamptz')}`,
      ]
    : [];

export const donationsNumber =
  (column: GivingNumber): DonationsLeaf =>
  (condition, context) => {
    if (condition.campaign || condition.within) {
      const anyGift = condition.campaign
        ? undefined
        : (absent: boolean) => hasRows(GIVING, inWindow(condition, context), absent);
      return aggregateNumber(
        () => countedDonations(condition, context),
        AGGREGATE[column],
        condition,
        context,
        anyGift,
      );
    }
    const zeroMatches = numberMatches(condition.op, condition.value, 0);
    const test = numberPredicate(`sg.${column}`, condition, context);
    return hasRows(GIVING, [zeroMatches ? `NOT (${test})` : test], zeroMatches);
  };

const givingDate = (
  column: string,
  filters: string[],
  condition: SegmentCondition,
  context: PredicateContext,
): Leaf =>
  condition.op === 'exists'
    ? hasRows(GIVING, [...filters, `${column} IS NOT NULL`], condition.value === false)
    : hasRows(GIVING, [...filters, datePredicate(column, condition, context)]);

export const donationsFirstDate: DonationsLeaf = (condition, context) =>
  condition.campaign || condition.within
    ? aggregateDate(countedDonations(condition, context), 'd.paid_at', 'min', condition, context)
    : givingDate('sg.first_paid_at', [], condition, context);

export const donationsLastDate: DonationsLeaf = (condition, context) =>
  condition.campaign
    ? aggregateDate(countedDonations(condition, context), 'd.paid_at', 'max', condition, context)
    : givingDate('sg.last_paid_at', inWindow(condition, context), condition, context);
