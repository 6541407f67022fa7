import { sql, type Sql } from '@crm/sql';
import { audienceMember } from './audience';
import type { SegmentRule } from './rule';
import { planSegment } from './plan-segment';
import { plainSql, translateSegment } from './translate-segment';

export interface CompileOptions {
  /** The instant relative dates and windows (`P30D`) count back from; defaults to now. */
  now?: Date;
}

/**
 * A parsed rule tree as one boolean SQL fragment over the supporters row aliased `supporter`
 * (e.g. `s`), values bound. Two passes: the rule is translated to plain SQL's meaning
 * (translate-segment.ts), then rewritten with the planner tactics (plan-segment.ts). Call
 * `parseSegmentRules` first: the compiler trusts its input's shape. Every audience leaves out
 * deceased and merged supporters (audience.ts).
 */
export function segmentCondition(rule: SegmentRule, supporter: string, options: CompileOptions = {}): Sql {
  const now = options.now ?? new Date();
  return sql`(${audienceMember(rule, supporter)} AND ${planSegment(translateSegment(rule, now), supporter, now)})`;
}

/**
 * The first pass alone: the plain SQL a reader can learn the rule language from. It selects the
 * same supporters as `segmentCondition` but probes them one by one; for tests and reading only.
 */
export function plainSegmentCondition(
  rule: SegmentRule,
  supporter: string,
  options: CompileOptions = {},
): Sql {
  const now = options.now ?? new Date();
  return sql`(${audienceMember(rule, supporter)} AND ${plainSql(translateSegment(rule, now), supporter, now)})`;
}
