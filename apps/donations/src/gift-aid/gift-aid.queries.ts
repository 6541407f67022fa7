import { runSql, runSqlOne, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { afterCreatedAt, type CursorPosition } from '@crm/platform';
import type { GiftAidClaimItem } from '@crm/entities';
import type { EntityManager } from 'typeorm';
import type { PaidDeclaration } from './declaration-metadata';
import { SCHEDULE_MAX_LINES, type ScheduleRow } from './gift-aid-schedule';

/**
 * The donations claimable from HMRC, as a FROM … WHERE for donations aliased `d` and their
 * declarations aliased `g`: paid in pounds, neither refunded nor lost to a dispute, made under a
 * declaration not cancelled before it, and in no claim yet.
 */
export const claimableDonations = (d: string, g: string): Sql => {
  const [dn, gn] = [sql.ident(d), sql.ident(g)];
  return sql`
  FROM donations ${dn}
  JOIN gift_aid_declarations ${gn} ON ${gn}.id = ${dn}.gift_aid_declaration_id
  WHERE ${dn}.status = 'succeeded' AND ${dn}.refunded_amount = 0 AND ${dn}.currency = 'gbp' AND ${dn}.paid_at IS NOT NULL
    AND (${dn}.dispute_status IS NULL OR ${dn}.dispute_status IN ('won', 'warning_closed'))
    AND (${gn}.cancelled_at IS NULL OR ${dn}.paid_at < ${gn}.cancelled_at)
    AND NOT EXISTS (SELECT 1 FROM gift_aid_claim_items i WHERE i.donation_id = ${dn}.id)`;
};

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
  after: CursorPosition | null,
  take: number,
): Promise<ClaimableRow[]> {
  const { rows } = await runSql<ClaimableRow>(
    db,
    sql`SELECT d.id, d.created_at, d.amount + d.fee_amount AS amount, d.currency, d.paid_at,
         g.id AS declaration_id, g.title, g.first_name, g.last_name, g.house_name_or_number, g.postcode
       ${claimableDonations('d', 'g')} ${after ? sql`AND ${afterCreatedAt('donations', 'd', after)}` : sql.empty}
       ORDER BY d.created_at DESC, d.id DESC LIMIT ${take}`,
  );
  return rows;
}

/** What a claim takes: donations paid before a time, or chosen ones (both, or neither for all). */
export interface ClaimChoice {
  paidBefore?: string;
  donationIds?: string[];
}

/** Claims are made one at a time: a concurrent claim waits, then finds only what is left. */
export async function lockClaims(db: EntityManager): Promise<void> {
  await runSql(db, sql`SELECT pg_advisory_xact_lock(hashtext('gift_aid_claims'))`);
}

/**
 * Puts the claimable donations chosen, oldest first, into the claim, up to the lines of HMRC's
 * schedule; returns the amount of each. The item's key is the donation id: none is in two claims.
 */
export async function claimDonations(
  db: EntityManager,
  claimId: string,
  choice: ClaimChoice,
): Promise<Pick<GiftAidClaimItem, 'amount'>[]> {
  const chosen = [
    ...(choice.paidBefore ? [sql`AND d.paid_at < ${sql.typed(choice.paidBefore, 'timestamptz')}`] : []),
    ...(choice.donationIds ? [sql`AND d.id = ANY(${sql.typed(choice.donationIds, 'uuid[]')})`] : []),
  ];
  const { rows } = await runSql<Pick<GiftAidClaimItem, 'amount'>>(
    db,
    sql`INSERT INTO gift_aid_claim_items (donation_id, claim_id, amount)
         SELECT d.id, ${sql.typed(claimId, 'uuid')}, d.amount + d.fee_amount ${claimableDonations('d', 'g')} ${sql.join(chosen, ' ')}
         ORDER BY d.paid_at, d.id LIMIT ${SCHEDULE_MAX_LINES}
         ON CONFLICT (donation_id) DO NOTHING
         RETURNING amount`,
  );
  return rows;
}

/** A claim with the donations needing an adjustment (refunded after being claimed). */
export interface ClaimRow {
  id: string;
  donation_count: number;
  total_amount: number;
  currency: string;
  created_at: Date;
  adjust: string[];
}

/** The adjustments are read per claim returned, not for all claims first. */
const CLAIM_COLUMNS = sql`c.id, c.donation_count, c.total_amount, c.currency, c.created_at,
  ARRAY(SELECT i.donation_id FROM gift_aid_claim_items i
         WHERE i.claim_id = c.id AND i.needs_adjustment ORDER BY i.donation_id) AS adjust`;

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

/** The claim's lines for HMRC's schedule, oldest donation first. */
export async function scheduleRows(db: SqlExecutor, claimId: string): Promise<ScheduleRow[]> {
  const { rows } = await runSql<ScheduleRow>(
    db,
    sql`SELECT g.title, g.first_name, g.last_name, g.house_name_or_number, g.postcode, d.paid_at, i.amount
       FROM gift_aid_claim_items i
       JOIN donations d ON d.id = i.donation_id
       JOIN gift_aid_declarations g ON g.id = d.gift_aid_declaration_id
       WHERE i.claim_id = ${claimId} ORDER BY d.paid_at, d.id`,
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
