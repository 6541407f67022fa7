/** The operators of the rule language; which ones a field accepts depends on its kind (fields.ts). */
export const OPERATORS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in',
  'contains',
  'any_of',
  'all_of',
  'none_of',
  'before',
  'after',
  'exists',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type ConditionValue = string | number | boolean | readonly string[] | readonly number[];

/** A leaf of the rule tree: one test on one field of a supporter. */
export interface SegmentCondition {
  field: string;
  op: Operator;
  value?: ConditionValue;
  /** ISO-8601 duration: only donations / events in this window before now count. */
  within?: string;
  /** Only donations to this campaign count. */
  campaign?: string;
}

export interface AllRule {
  all: SegmentRule[];
}
export interface AnyRule {
  any: SegmentRule[];
}
export interface NotRule {
  not: SegmentRule;
}

/** A saved segment's rule tree (DESIGN §4): combinators `all`, `any`, `not` over conditions. */
export type SegmentRule = AllRule | AnyRule | NotRule | SegmentCondition;

export const isAll = (rule: SegmentRule): rule is AllRule => 'all' in rule;
export const isAny = (rule: SegmentRule): rule is AnyRule => 'any' in rule;
export const isNot = (rule: SegmentRule): rule is NotRule => 'not' in rule;
export const isCondition = (rule: SegmentRule): rule is SegmentCondition => 'field' in rule;
