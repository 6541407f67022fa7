import { runSql, runSqlOne, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { afterCreatedAt, type CursorPosition } from '@crm/platform';
import type { ClaimStatus } from '@crm/entities';
import type { EntityManager } from 'typeorm';
import type { PaidDeclaration } from './declaration-metadata';
import type { ClaimLine } from './claim-lines';
import type { ScheduleRow } from './gift-aid-schedule';

/**
 * The declaration a donation (aliased `d`) is claimed under, as a subquery of at most one row:
 * the declaration linked to the gift itself (made at its checkout, or for this gift only), else
 * the newest of its supporter's declarations whose scope reaches the gift's date. Either must be
 * in force when the gift was paid (not cancelled before it) and, when made orally, confirmed to
 * the donor in writing (HMRC: an oral declaration counts only once that record has been sent).
 */
export const coveringDeclaration = (d: string): Sql => {
  const dn = sql.ident(d);
  return sql`SELECT c.* FROM (
      SELECT g.*, 0 AS preference FROM gift_aid_declarations g WHERE g.id = ${dn}.gift_aid_declaration_id
      UNION ALL
      SELECT g.*, 1 FROM gift_aid_declarations g
       WHERE g.supporter_id = ${dn}.supporter_id AND g.scope = 'supporter_gifts'
         AND ${dn}.paid_at >= g.covers_from AND (g.covers_future OR ${dn}.paid_at <= g.declared_at)
    ) c
    WHERE (c.cancelled_at IS NULL OR ${dn}.paid_at < c.cancelled_at)
      AND (c.method <> 'oral' OR c.confirmation_sent_at IS NOT NULL)
    ORDER BY c.preference, c.declared_at DESC, c.id LIMIT 1`;
};

/**
 * Only a gift with its own declaration, or of a supporter with a declaration by date, can be
 * covered: a filter on the donations scan (a hashed subplan), so the covering declaration is
 * looked for only among those, not for every gift.
 */
const supportersWithScopedDeclarations = sql`SELECT s.supporter_id FROM gift_aid_declarations s WHERE s.scope = 'supporter_gifts'`;

/**
 * The donations HMRC would take but for its time limit, as a FROM … WHERE for donations aliased
 * `d` and their covering declaration aliased `g`: paid in pounds, neither refunded nor lost to a
 * dispute, a Stripe gift or an offline one staff marked as Gift Aid-able, covered by a
 * declaration, and in no live claim (a rejected claim's items are released).
 */
const coveredUnclaimedDonations = (d: string, g: string): Sql => {
  const [dn, gn] = [sql.ident(d), sql.ident(g)];
  return sql`
  FROM donations ${dn}
  JOIN LATERAL (${coveringDeclaration(d)}) ${gn} ON true
  WHERE ${dn}.status = 'succeeded' AND ${dn}.refunded_amount = 0 AND ${dn}.currency = 'gbp' AND ${dn}.paid_at IS NOT NULL
    AND (${dn}.dispute_status IS NULL OR ${dn}.dispute_status IN ('won', 'warning_closed'))
    AND (${dn}.method = 'stripe' OR ${dn}.gift_aid_applies)
    AND (${dn}.gift_aid_declaration_id IS NOT NULL OR ${dn}.supporter_id IN (${supportersWithScopedDeclarations}))
    AND NOT EXISTS (SELECT 1 FROM gift_aid_claim_items i WHERE i.donation_id = ${dn}.id AND NOT i.released)`;
};

/**
 * The donations claimable from HMRC now, as a FROM … WHERE for donations aliased `d` and their
 * covering declaration aliased `g`: those of `coveredUnclaimedDonations` received since `since`
 * (`claimableSince`: HMRC takes none received before, whatever the declaration says).
 */
export const claimableDonations = (d: string, g: string, since: Date): Sql =>
  sql`${coveredUnclaimedDonations(d, g)} AND ${sql.ident(d)}.paid_at >= ${sql.typed(since, 'timestamptz')}`;

/** A claimable donation with the declaration HMRC's schedule names it by. */
export interface ClaimableRow {
  id: string;
  created_at: Date;
  /** The gift plus any fee the donor covered: all of it was given. */
  amount: number;
  currency: string;
  paid_at: Date;
  declaration_id: string;
  title: string | null;
  first_name: string;
  last_name: string;
  house_name_or_number: string;
  postcode: string;
}

/** Claimable donations newest first, after a keyset position. */
export async function claimablePage(
  db: SqlExecutor,
  since: Date,
  after: CursorPosition | null,
  take: number,
): Promise<ClaimableRow[]> {
  const { rows } = await runSql<ClaimableRow>(
    db,
    sql`SELECT d.id, d.created_at, d.amount + d.fee_amount AS amount, d.currency, d.paid_at,
         g.id AS declaration_id, g.title, g.first_name, g.last_name, g.house_name_or_number, g.postcode
       ${claimableDonations('d', 'g', since)} ${after ? sql`AND ${afterCreatedAt('donations', 'd', after)}` : sql.empty}
       ORDER BY d.created_at DESC, d.id DESC LIMIT ${take}`,
  );
  return rows;
}

/** What is ready to claim, and what HMRC's time limit took: counts and totals (minor units). */
export interface ClaimableTotals {
  count: number;
  amount: number;
  /** The oldest gift ready to claim: its time limit comes first. */
  oldest_paid_at: Date | null;
  lost_count: number;
  lost_amount: number;
}

/**
 * How many gifts can be claimed now and their total, and how many would be but were received
 * before `since` (past HMRC's time limit, never to be claimed), in one pass.
 */
export async function claimableTotals(db: SqlExecutor, since: Date): Promise<ClaimableTotals> {
  const after = sql`d.paid_at >= ${sql.typed(since, 'timestamptz')}`;
  const row = await runSqlOne<ClaimableTotals>(
    db,
    sql`SELECT count(*) FILTER (WHERE ${after})::int AS count,
         COALESCE(sum(d.amount + d.fee_amount) FILTER (WHERE ${after}), 0)::bigint::float8 AS amount,
         min(d.paid_at) FILTER (WHERE ${after}) AS oldest_paid_at,
         count(*) FILTER (WHERE NOT ${after})::int AS lost_count,
         COALESCE(sum(d.amount + d.fee_amount) FILTER (WHERE NOT ${after}), 0)::bigint::float8 AS lost_amount
         ${coveredUnclaimedDonations('d', 'g')}`,
  );
  return row ?? { count: 0, amount: 0, oldest_paid_at: null, lost_count: 0, lost_amount: 0 };
}

/** What a claim takes: donations paid before a time, or chosen ones (both, or neither for all). */
export interface ClaimChoice {
  paidBefore?: string;
  donationIds?: string[];
}

/** A claimable donation as a claim weighs it. */
export interface CandidateRow {
  id: string;
  amount: number;
  paid_at: Date;
  declaration_id: string;
}

/** Claims are made and change status one at a time: a concurrent one waits, then finds only what is left. */
export async function lockClaims(db: EntityManager): Promise<void> {
  await runSql(db, sql`SELECT pg_advisory_xact_lock(hashtext('gift_aid_claims'))`);
}

/** The claimable donations chosen, oldest first, at most `limit`. */
export async function claimCandidates(
  db: EntityManager,
  choice: ClaimChoice,
  since: Date,
  limit: number,
): Promise<CandidateRow[]> {
  const chosen = [
    ...(choice.paidBefore ? [sql`AND d.paid_at < ${sql.typed(choice.paidBefore, 'timestamptz')}`] : []),
    ...(choice.donationIds ? [sql`AND d.id = ANY(${sql.typed(choice.donationIds, 'uuid[]')})`] : []),
  ];
  const { rows } = await runSql<CandidateRow>(
    db,
    sql`SELECT d.id, d.amount + d.fee_amount AS amount, d.paid_at, g.id AS declaration_id
         ${claimableDonations('d', 'g', since)} ${sql.join(chosen, ' ')}
         ORDER BY d.paid_at, d.id LIMIT ${limit}`,
  );
  return rows;
}

/**
 * Puts the lines' donations into the claim. A donation has one live item at most (a partial
 * unique index), so none is in two claims; under the claims lock none conflicts.
 */
export async function insertClaimItems(
  db: EntityManager,
  claimId: string,
  lines: ClaimLine[],
): Promise<void> {
  const items = lines.flatMap((line) =>
    line.gifts.map((gift) => ({ ...gift, line: line.number, aggregated: line.aggregated })),
  );
  await runSql(
    db,
    sql`INSERT INTO gift_aid_claim_items (claim_id, donation_id, declaration_id, amount, line, aggregated)
         SELECT ${sql.typed(claimId, 'uuid')}, i.id, i.declaration_id, i.amount, i.line, i.aggregated
           FROM unnest(${sql.typed(
             items.map((item) => item.id),
             'uuid[]',
           )}, ${sql.typed(
             items.map((item) => item.declarationId),
             'uuid[]',
           )}, ${sql.typed(
             items.map((item) => item.amount),
             'int[]',
           )}, ${sql.typed(
             items.map((item) => item.line),
             'int[]',
           )}, ${sql.typed(
             items.map((item) => item.aggregated),
             'boolean[]',
           )}) AS i(id, declaration_id, amount, line, aggregated)`,
  );
}

/**
 * Nets into the new claim every item of a claim already sent to HMRC that was refunded, or is no
 * longer covered by a declaration, since it was claimed and is not netted yet: the refunded part,
 * or all of it when no declaration covers it now. Returns the total, in minor units.
 */
export async function netAdjustments(db: EntityManager, claimId: string): Promise<number> {
  const row = await runSqlOne<{ total: number }>(
    db,
    sql`WITH netted AS (
       UPDATE gift_aid_claim_items i SET adjusted_in_claim_id = ${claimId},
         adjustment_amount = CASE WHEN EXISTS (${coveringDeclaration('d')}) THEN LEAST(i.amount, d.refunded_amount) ELSE i.amount END
       FROM gift_aid_claims c, donations d
       WHERE c.id = i.claim_id AND d.id = i.donation_id AND c.status IN ('submitted', 'paid')
         AND i.needs_adjustment AND i.adjusted_in_claim_id IS NULL AND NOT i.released AND i.claim_id <> ${claimId}
       RETURNING i.adjustment_amount)
     SELECT COALESCE(sum(adjustment_amount), 0)::int AS total FROM netted`,
  );
  return row?.total ?? 0;
}

/**
 * Flags the live claimed items of these donations that no declaration covers any more (a
 * declaration cancelled from an earlier date): HMRC must be told, in the next claim.
 */
export async function flagUncoveredClaimed(db: EntityManager, declarationId: string): Promise<void> {
  await runSql(
    db,
    sql`UPDATE gift_aid_claim_items i SET needs_adjustment = true
         FROM donations d, gift_aid_declarations g
         WHERE d.id = i.donation_id AND g.id = ${declarationId} AND NOT i.released AND NOT i.needs_adjustment
           AND (d.gift_aid_declaration_id = g.id OR d.supporter_id = g.supporter_id)
           AND NOT EXISTS (${coveringDeclaration('d')})`,
  );
}

/** A claim with the donations needing an adjustment (refunded after being claimed). */
export interface ClaimRow {
  id: string;
  status: ClaimStatus;
  donation_count: number;
  line_count: number;
  total_amount: number;
  adjustment_amount: number;
  currency: string;
  hmrc_reference: string | null;
  submitted_at: Date | null;
  paid_at: Date | null;
  rejected_at: Date | null;
  created_at: Date;
  adjust: string[];
  /** Its oldest gift's receipt: HMRC's time limit for the whole claim comes from it. */
  oldest_paid_at: Date | null;
}

/** The adjustments and the oldest gift are read per claim returned, not for all claims first. */
const CLAIM_COLUMNS = sql`c.id, c.status, c.donation_count, c.line_count, c.total_amount, c.adjustment_amount,
  c.currency, c.hmrc_reference, c.submitted_at, c.paid_at, c.rejected_at, c.created_at,
  ARRAY(SELECT i.donation_id FROM gift_aid_claim_items i
         WHERE i.claim_id = c.id AND i.needs_adjustment AND NOT i.released ORDER BY i.donation_id) AS adjust,
  (SELECT min(d.paid_at) FROM gift_aid_claim_items i JOIN donations d ON d.id = i.donation_id
    WHERE i.claim_id = c.id) AS oldest_paid_at`;

/** The claims made, newest first, after a keyset position. */
export async function claimsPage(
  db: SqlExecutor,
  after: CursorPosition | null,
  take: number,
): Promise<ClaimRow[]> {
  const { rows } = await runSql<ClaimRow>(
    db,
    sql`SELECT ${CLAIM_COLUMNS} FROM gift_aid_claims c
         ${after ? sql`WHERE ${afterCreatedAt('gift_aid_claims', 'c', after)}` : sql.empty}
         ORDER BY c.created_at DESC, c.id DESC LIMIT ${take}`,
  );
  return rows;
}

export function findClaim(db: SqlExecutor, id: string): Promise<ClaimRow | null> {
  return runSqlOne<ClaimRow>(db, sql`SELECT ${CLAIM_COLUMNS} FROM gift_aid_claims c WHERE c.id = ${id}`);
}

/**
 * The claim's schedule lines in order: a gift's donor as declared (the declaration it was claimed
 * under), or an aggregated line's count, total and date of its last gift.
 */
export async function scheduleRows(db: SqlExecutor, claimId: string): Promise<ScheduleRow[]> {
  const { rows } = await runSql<ScheduleRow>(
    db,
    sql`SELECT i.line, bool_or(i.aggregated) AS aggregated, count(*)::int AS gifts, sum(i.amount)::int AS amount,
         max(d.paid_at) AS paid_at, min(g.title) AS title, min(g.first_name) AS first_name,
         min(g.last_name) AS last_name, min(g.house_name_or_number) AS house_name_or_number, min(g.postcode) AS postcode
       FROM gift_aid_claim_items i
       JOIN donations d ON d.id = i.donation_id
       LEFT JOIN gift_aid_declarations g ON g.id = i.declaration_id AND NOT i.aggregated
       WHERE i.claim_id = ${claimId}
       GROUP BY i.line ORDER BY i.line`,
  );
  return rows;
}

/**
 * Stores the declaration of a paid checkout, once: the session's later events (a redelivery, an
 * async payment settling) find it already there. `declaredAt` is when the donor made it (seconds).
 */
export async function recordPaidDeclaration(
  db: EntityManager,
  checkoutSessionId: string,
  declaration: PaidDeclaration,
  declaredAt: number,
): Promise<void> {
  await runSql(
    db,
    sql`INSERT INTO gift_aid_declarations (stripe_checkout_session_id, title, first_name, last_name,
       house_name_or_number, postcode, wording_version, declared_at)
     VALUES (${checkoutSessionId}, ${declaration.title}, ${declaration.firstName}, ${declaration.lastName},
       ${declaration.houseNameOrNumber}, ${declaration.postcode}, ${declaration.wordingVersion}, to_timestamp(${declaredAt}))
     ON CONFLICT (stripe_checkout_session_id) DO NOTHING`,
  );
}
