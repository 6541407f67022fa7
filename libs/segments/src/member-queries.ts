import { compileSegment, type CompileOptions } from './compile-segment';
import { MAILABLE_MEMBER_SQL } from './mailable';
import type { SegmentRule } from './rule';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** Columns a member listing shows; email is null for erased supporters. */
export const MEMBER_COLUMNS = 's.id, s.first_name, s.last_name, s.email, s.source, s.tags, s.created_at';

export interface MemberRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  source: string | null;
  tags: string[];
  created_at: Date;
}

/** How many supporters match, and how many of those may receive marketing mail now. */
export function segmentCountQuery(rule: SegmentRule, options: CompileOptions = {}): SqlQuery {
  const { where, params } = compileSegment(rule, 0, options);
  return {
    text: `SELECT count(*)::int AS count, count(*) FILTER (WHERE ${MAILABLE_MEMBER_SQL})::int AS mailable
           FROM supporters s WHERE ${where}`,
    values: params,
  };
}

export interface PreviewRow extends Partial<MemberRow> {
  count: number;
  mailable: number;
}

/**
 * Counts and the first `sampleSize` members by id in one statement, so the segment is evaluated
 * once: one row per sampled member, each carrying the totals (a single row with null member
 * columns when nobody matches).
 */
export function segmentPreviewQuery(
  rule: SegmentRule,
  sampleSize: number,
  options: CompileOptions = {},
): SqlQuery {
  const { where, params } = compileSegment(rule, 0, options);
  const values = [...params, sampleSize];
  return {
    // Each member is materialised once, with whether it may be mailed, for the counts and the sample.
    text: `WITH members AS MATERIALIZED (
             SELECT s.id, ${MAILABLE_MEMBER_SQL} AS mailable FROM supporters s WHERE ${where}
           ),
           totals AS (SELECT count(*)::int AS count, count(*) FILTER (WHERE mailable)::int AS mailable FROM members),
           sample AS (SELECT id FROM members ORDER BY id LIMIT $${values.length}::int)
           SELECT totals.count, totals.mailable, ${MEMBER_COLUMNS}
           FROM totals LEFT JOIN (sample JOIN supporters s ON s.id = sample.id) ON true
           ORDER BY s.id`,
    values,
  };
}

/** Every member in id order, for a cursor that reads them all (plan it with cursor_tuple_fraction = 1). */
export function segmentMembersQuery(rule: SegmentRule, options: CompileOptions = {}): SqlQuery {
  const { where, params } = compileSegment(rule, 0, options);
  return { text: `SELECT ${MEMBER_COLUMNS} FROM supporters s WHERE ${where} ORDER BY s.id`, values: params };
}

/**
 * One page of members in id order after the id `after` (keyset pagination). The matching ids are
 * materialised before sorting: walking the primary key in id order to stop at `limit` would read
 * the supporters table at random, for seconds, whenever the segment is small.
 */
export function segmentPageQuery(
  rule: SegmentRule,
  page: { after?: string; limit: number },
  options: CompileOptions = {},
): SqlQuery {
  const { where, params } = compileSegment(rule, 0, options);
  const values = [...params];
  const bind = (value: unknown, type: string): string => `$${values.push(value)}::${type}`;
  const after = page.after === undefined ? '' : ` AND s.id > ${bind(page.after, 'uuid')}`;
  return {
    text: `WITH members AS MATERIALIZED (SELECT s.id FROM supporters s WHERE ${where}${after})
           SELECT ${MEMBER_COLUMNS} FROM supporters s
           WHERE s.id IN (SELECT id FROM members ORDER BY id LIMIT ${bind(page.limit, 'int')})
           ORDER BY s.id`,
    values,
  };
}

/**
 * Session settings for running segment SQL inside a transaction (`SET LOCAL`): enough memory for
 * PostgreSQL to hash the supporter-id sets of a segment instead of probing row by row, and no JIT,
 * whose compile time costs more than it saves on these queries.
 */
export const SEGMENT_QUERY_SETTINGS = ["SET LOCAL work_mem = '256MB'", 'SET LOCAL jit = off'] as const;
