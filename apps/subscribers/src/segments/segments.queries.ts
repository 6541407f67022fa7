import { runSql, sql } from '@crm/sql';
import {
  type CountRow,
  type MemberRow,
  type PreviewRow,
  SEGMENT_QUERY_SETTINGS,
  segmentCountSql,
  segmentMembersSql,
  segmentPageSql,
  segmentPreviewSql,
  type SegmentRule,
} from '@crm/segments';
import type { EntityManager } from 'typeorm';

/** The server-side cursor an export reads a segment's members through. */
const MEMBERS_CURSOR = sql.raw('segment_members');

/**
 * For a transaction that evaluates segments: read only (segment SQL only ever reads, and this
 * makes it a database guarantee too), with the compiler's session settings.
 */
export async function useSegmentReadSettings(manager: EntityManager): Promise<void> {
  await runSql(manager, sql`SET TRANSACTION READ ONLY`);
  for (const setting of SEGMENT_QUERY_SETTINGS) await runSql(manager, sql.raw(setting));
}

/** A preview answers while staff type; past this, narrowing the rules is the better answer. */
export async function useInteractiveTimeout(manager: EntityManager): Promise<void> {
  await runSql(manager, sql`SET LOCAL statement_timeout = '20s'`);
}

/** The counts and the first `sampleSize` members, in one statement. */
export const previewRows = async (
  manager: EntityManager,
  rule: SegmentRule,
  sampleSize: number,
): Promise<PreviewRow[]> => (await runSql<PreviewRow>(manager, segmentPreviewSql(rule, sampleSize))).rows;

/** One keyset page of members in id order (`limit` rows at most). */
export const memberPage = async (
  manager: EntityManager,
  rule: SegmentRule,
  page: { after?: string; limit: number },
): Promise<MemberRow[]> => (await runSql<MemberRow>(manager, segmentPageSql(rule, page))).rows;

/** Opens a cursor over every member in id order, planned for reading them all. */
export async function openMembersCursor(manager: EntityManager, rule: SegmentRule): Promise<void> {
  await runSql(manager, sql`SET LOCAL cursor_tuple_fraction = 1`);
  await runSql(manager, sql`DECLARE ${MEMBERS_CURSOR} NO SCROLL CURSOR FOR ${segmentMembersSql(rule)}`);
}

/** The next `count` members from the cursor; none once it is exhausted. */
export const fetchMembers = async (manager: EntityManager, count: number): Promise<MemberRow[]> =>
  (await runSql<MemberRow>(manager, sql`FETCH ${sql.raw(String(count))} FROM ${MEMBERS_CURSOR}`)).rows;

/** How many match and how many of those may be mailed, without reading any member. */
export const countRow = async (manager: EntityManager, rule: SegmentRule): Promise<CountRow> =>
  (await runSql<CountRow>(manager, segmentCountSql(rule))).rows[0]!;
