import type { OfflineDonationMethod } from '@crm/entities';
import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/** An offline gift as the service writes it. */
export interface OfflineGiftRow {
  supporterId: string | null;
  email: string | null;
  donorName: string | null;
  amount: number;
  currency: string;
  paidAt: Date;
  method: OfflineDonationMethod;
  campaign: string | null;
  reference: string | null;
  giftAidApplies: boolean;
  recordedBy: string;
}

/** Standing orders are regular gifts: they count as monthly, as their donors think of them. */
export const frequencyOf = (method: OfflineDonationMethod): 'monthly' | 'one_off' =>
  method === 'standing_order' ? 'monthly' : 'one_off';

/**
 * Records the gift once per Idempotency-Key: null when the key already names a gift (the caller
 * then reads that one). A gift with a known supporter has nothing to tell the subscribers app.
 */
export async function insertOfflineGift(
  db: SqlExecutor,
  gift: OfflineGiftRow,
  idempotencyKey: string | null,
): Promise<string | null> {
  const row = await runSqlOne<{ id: string }>(
    db,
    sql`INSERT INTO donations (supporter_id, email, donor_name, amount, currency, frequency, status, campaign,
           paid_at, method, reference, gift_aid_applies, idempotency_key, recorded_by, notified_at)
         VALUES (${gift.supporterId}, ${gift.email}, ${gift.donorName}, ${gift.amount}, ${gift.currency},
           ${frequencyOf(gift.method)}, 'succeeded', ${gift.campaign}, ${sql.typed(gift.paidAt, 'timestamptz')},
           ${gift.method}, ${gift.reference}, ${gift.giftAidApplies}, ${idempotencyKey}, ${gift.recordedBy},
           ${gift.supporterId ? sql`now()` : sql`NULL`})
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
         RETURNING id`,
  );
  return row?.id ?? null;
}

/** The supporters (id by normalised address) among these addresses. Read only: the subscribers app owns them. */
export async function supportersByAddress(
  db: SqlExecutor,
  normalised: string[],
): Promise<Map<string, string>> {
  if (normalised.length === 0) return new Map();
  const { rows } = await runSql<{ id: string; email_normalised: string }>(
    db,
    sql`SELECT id, email_normalised FROM supporters WHERE email_normalised = ANY(${sql.typed(normalised, 'text[]')})`,
  );
  return new Map(rows.map((row) => [row.email_normalised, row.id]));
}

/** Merges chained further than this are taken as a fault, not followed. */
const MAX_MERGE_HOPS = 32;

/**
 * The record a supporter id stands for now: itself, or the record it was merged into, followed
 * along a chain of merges (A into B, then B into C), so a gift is never written on a record that
 * was merged away (the merge has already moved that record's gifts). Each row is read FOR KEY SHARE:
 * a merge locks both records FOR UPDATE, so one in progress is waited for and then followed, and
 * one begun later waits for the caller's transaction to commit, after which the donations app's
 * merge job moves this gift too. Null when there is no such supporter.
 */
export async function keptSupporter(db: SqlExecutor, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop += 1) {
    const row = await runSqlOne<{ merged_into_id: string | null }>(
      db,
      sql`SELECT merged_into_id FROM supporters WHERE id = ${sql.typed(current, 'uuid')} FOR KEY SHARE`,
    );
    if (!row) return null;
    if (!row.merged_into_id) return current;
    current = row.merged_into_id;
  }
  throw new Error(`supporter ${id}: more than ${MAX_MERGE_HOPS} merges chained`);
}

/** Marks gifts whose donor was handed to the subscribers app, so no later pass queues them again. */
export async function markNotified(db: SqlExecutor, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await runSql(db, sql`UPDATE donations SET notified_at = now() WHERE id = ANY(${sql.typed(ids, 'uuid[]')})`);
}

/**
 * Serialises with Gift Aid claims (the same lock `gift-aid/` takes to make one), so a gift cannot
 * be changed while a claim is taking it.
 */
export async function lockAgainstClaims(db: SqlExecutor): Promise<void> {
  await runSql(db, sql`SELECT pg_advisory_xact_lock(hashtext('gift_aid_claims'))`);
}

/**
 * A gift's state for a change, its row locked: whether it is offline, whether a live claim holds
 * it, and whether any claim ever did (a rejected claim releases its items but keeps them as its
 * record, so such a gift may be corrected but not deleted).
 */
export async function giftForChange(
  db: SqlExecutor,
  id: string,
): Promise<{ method: string; in_claim: boolean; claimed_before: boolean } | null> {
  return runSqlOne<{ method: string; in_claim: boolean; claimed_before: boolean }>(
    db,
    sql`SELECT d.method,
           EXISTS (SELECT 1 FROM gift_aid_claim_items i WHERE i.donation_id = d.id AND NOT i.released) AS in_claim,
           EXISTS (SELECT 1 FROM gift_aid_claim_items i WHERE i.donation_id = d.id) AS claimed_before
         FROM donations d WHERE d.id = ${sql.typed(id, 'uuid')} FOR UPDATE`,
  );
}

export async function deleteGift(db: SqlExecutor, id: string): Promise<void> {
  await runSql(db, sql`DELETE FROM donations WHERE id = ${sql.typed(id, 'uuid')}`);
}
