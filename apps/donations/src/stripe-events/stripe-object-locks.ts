import type { EntityManager } from 'typeorm';

/**
 * Serialises the transactions that touch the same Stripe payment or subscription. Without it,
 * a refund and the payment it refunds, processed at the same moment, would each miss the other's
 * uncommitted row and the refund would never be applied. Locks are taken up front and in a fixed
 * order, so two transactions can never wait on each other; they are released at commit.
 */
export async function lockStripeObjects(db: EntityManager, ids: (string | null)[]): Promise<void> {
  const keys = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  for (const key of keys) {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}
