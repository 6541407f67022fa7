import type { EntityManager } from 'typeorm';
import { tryObjectLocks, waitForObjectLock } from './stripe-batching.queries';

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
    await waitForObjectLock(db, key);
  }
}

/**
 * The same locks, all tried in one statement without waiting; false if any is held elsewhere
 * (the caller then gives up its transaction, which releases whatever it did take).
 */
export async function tryLockStripeObjects(db: EntityManager, ids: (string | null)[]): Promise<boolean> {
  const keys = lockKeys(ids);
  if (keys.length === 0) return true;
  return tryObjectLocks(db, keys);
}
