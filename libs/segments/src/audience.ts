import { sql, type Sql } from '@crm/sql';
import { supporterColumn } from './relations';
import { isAll, isAny, isNot, type SegmentRule } from './rule';

/** The field through which staff may still list deceased supporters (never to contact them). */
export const DECEASED_FIELD = 'supporter.deceased';

/** Whether a condition anywhere in the rule tree is on `field`. */
export function namesField(rule: SegmentRule, field: string): boolean {
  if (isAll(rule)) return rule.all.some((child) => namesField(child, field));
  if (isAny(rule)) return rule.any.some((child) => namesField(child, field));
  if (isNot(rule)) return namesField(rule.not, field);
  return rule.field === field;
}

/**
 * Who may be in an audience at all, whatever its rule: never a duplicate merged into another
 * record (its history moved there), and never a deceased supporter, who leaves every audience the
 * moment their death is recorded, unless the rule asks about `supporter.deceased` itself (staff
 * listing them); mailability (mailable.ts) refuses them even then.
 */
export function audienceMember(rule: SegmentRule, supporter: string): Sql {
  const notMerged = sql`${supporterColumn(supporter, 'merged_into_id')} IS NULL`;
  return namesField(rule, DECEASED_FIELD)
    ? notMerged
    : sql`${notMerged} AND ${supporterColumn(supporter, 'deceased_at')} IS NULL`;
}

/** The same rule over in-memory facts (evaluate-segment.ts). */
export const isAudienceMember = (
  rule: SegmentRule,
  facts: { deceased?: boolean; merged?: boolean },
): boolean => !facts.merged && (!facts.deceased || namesField(rule, DECEASED_FIELD));
