import { sql, type Sql } from '@crm/sql';
import { type CompileOptions, segmentCondition } from './compile-segment';
import { mailableMember } from './mailable';
import type { SegmentRule } from './rule';

/**
 * The statements that read a segment's members, each an `Sql` to run with `runSql` (inside a
 * read-only transaction with `SEGMENT_QUERY_SETTINGS`) or to nest in a larger statement.
 */

/** Columns a member listing shows; email is null for erased supporters. */
const MEMBER_COLUMNS = sql`s.id, s.first_name, s.last_name, s.email, s.source, s.tags, s.created_at`;

export interface MemberRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  source: string | null;
  tags: string[];
  created_at: Date;
}

export interface CountRow {
  count: number;
  mailable: number;
}

/** How many supporters match, and how many of those may receive marketing mail now. */
export function segmentCountSql(rule: SegmentRule, options: CompileOptions = {}): Sql {
  return sql`SELECT count(*)::int AS count, count(*) FILTER (WHERE ${mailableMember('s')})::int AS mailable
           FROM supporters s WHERE ${segmentCondition(rule, 's', options)}`;
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
export function segmentPreviewSql(rule: SegmentRule, sampleSize: number, options: CompileOptions = {}): Sql {
  // Each member is materialised once, with whether it may be mailed, for the counts and the sample.
  return sql`WITH members AS MATERIALIZED (
             SELECT s.id, ${mailableMember('s')} AS mailable FROM supporters s WHERE ${segmentCondition(rule, 's', options)}
           ),
           totals AS (SELECT count(*)::int AS count, count(*) FILTER (WHERE mailable)::int AS mailable FROM members),
           sample AS (SELECT id FROM members ORDER BY id LIMIT ${sql.typed(sampleSize, 'int')})
           SELECT totals.count, totals.mailable, ${MEMBER_COLUMNS}
           FROM totals LEFT JOIN (sample JOIN supporters s ON s.id = sample.id) ON true
           ORDER BY s.id`;
}

/** Every member in id order, for a cursor that reads them all (plan it with cursor_tuple_fraction = 1). */
export function segmentMembersSql(rule: SegmentRule, options: CompileOptions = {}): Sql {
  return sql`SELECT ${MEMBER_COLUMNS} FROM supporters s WHERE ${segmentCondition(rule, 's', options)} ORDER BY s.id`;
}

/**
 * One page of members in id order after the id `after` (keyset pagination). The matching ids are
 * materialised before sorting: walking the primary key in id order to stop at `limit` would read
 * the supporters table at random, for seconds, whenever the segment is small.
 */
export function segmentPageSql(
  rule: SegmentRule,
  page: { after?: string; limit: number },
  options: CompileOptions = {},
): Sql {
  const after = page.after === undefined ? sql.empty : sql` AND s.id > ${sql.typed(page.after, 'uuid')}`;
  return sql`WITH members AS MATERIALIZED (SELECT s.id FROM supporters s WHERE ${segmentCondition(rule, 's', options)}${after})
           SELECT ${MEMBER_COLUMNS} FROM supporters s
           WHERE s.id IN (SELECT id FROM members ORDER BY id LIMIT ${sql.typed(page.limit, 'int')})
           ORDER BY s.id`;
}

/**
 * Session settings for running segment SQL inside a transaction (`SET LOCAL`): enough memory for
 * PostgreSQL to hash the supporter-id sets of a segment instead of probing row by row, and no JIT,
 * whose compile time costs more than it saves on these queries.
 */
export const SEGMENT_QUERY_SETTINGS = ["SET LOCAL work_mem = '256MB'", 'SET LOCAL jit = off'] as const;
