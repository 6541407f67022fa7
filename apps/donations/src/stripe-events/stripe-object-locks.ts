import type { EntityManager } from 'typeorm';

const lockKeys = (ids: (string | null)[]): string[] =>
  [...new Set(ids.filter((id): id is string => id !== null))].sort();

/**
 * Serialises the transactions that touch the same Stripe payment or subscription. Without it,
 * a refund and the payment it refunds, processed at the same moment, would each miss the other's
 * uncommitted row and the refund would never be applied. Locks are taken up front and in a fixed
 * order; the one taken later is a payment's, by an instalment that found it in the database, and
 * no transaction holding a payment's lock waits for another, so two transactions can never wait
 * on each other. They are released at commit.
 */
export async function lockStripeObjects(db: EntityManager, ids: (string | null)[]): Promise<void> {
  for (const key of lockKeys(ids)) {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}

/**
 * The same locks, all tried in one statement without waiting; false if any is held elsewhere
 * (the caller then gives up its transaction, which releases whatever it did take).
 */
export async function tryLockStripeObjects(db: EntityManager, ids: (string | null)[]): Promise<boolean> {
  const keys = lockKeys(ids);
  if (keys.length === 0) return true;
  const [row]: { taken: boolean }[] = await db.query(
    'SELECT bool_and(pg_try_advisory_xact_lock(hashtextextended(key, 0))) AS taken FROM unnest($1::text[]) key',
    [keys],
  );
  return row?.taken === true;
}
