import { sql, type Sql } from '@crm/sql';
import { FIELD_MEANINGS } from './field-meanings';
import { isSegmentField } from './fields';
import { type Meaning, plainMeaning } from './meaning';
import { isAll, isAny, isNot, type SegmentRule } from './rule';

/**
 * Pass 1 of the segment compiler: the rule tree becomes plain SQL, the way the rule language
 * reads. `all` is AND, `any` is OR, `not` is NOT, and each condition becomes its meaning
 * (meaning.ts, field-meanings.ts): a test of the supporter's columns, EXISTS over related rows,
 * or an aggregate of them compared with the condition's value.
 *
 * The plain SQL is correct but slow at scale (correlated subqueries, probed supporter by
 * supporter): pass 2 (plan-segment.ts) rewrites the translated tree into the statement that runs.
 */

/** The rule tree with each condition replaced by its meaning. */
export type TranslatedRule =
  { all: TranslatedRule[] } | { any: TranslatedRule[] } | { not: TranslatedRule } | { meaning: Meaning };

export function translateSegment(rule: SegmentRule, now: Date): TranslatedRule {
  if (isNot(rule)) return { not: translateSegment(rule.not, now) };
  if (isAll(rule)) return { all: rule.all.map((child) => translateSegment(child, now)) };
  if (isAny(rule)) return { any: rule.any.map((child) => translateSegment(child, now)) };
  if (!isSegmentField(rule.field)) throw new Error(`unvalidated field reached the compiler`);
  return { meaning: FIELD_MEANINGS[rule.field](rule, now) };
}

/** The plain SQL of a translated rule: boolean, two-valued, over the supporters row `supporter`. */
export function plainSql(rule: TranslatedRule, supporter: string, now: Date): Sql {
  if ('not' in rule) return sql`NOT (${plainSql(rule.not, supporter, now)})`;
  if ('all' in rule || 'any' in rule) {
    const [children, operator] = 'all' in rule ? [rule.all, ' AND '] : [rule.any, ' OR '];
    return sql`(${sql.join(
      children.map((child) => plainSql(child, supporter, now)),
      operator,
    )})`;
  }
  return plainMeaning(rule.meaning, supporter, now);
}
