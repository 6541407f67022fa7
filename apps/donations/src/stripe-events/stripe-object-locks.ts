import type { EntityManager } from 'typeorm';

/** Transactions that apply several events together: they must never wait for a lock (see below). */
const batchTransactions = new WeakSet<EntityManager>();

export const markBatchTransaction = (db: EntityManager): void => {
  batchTransactions.add(db);
};

/** A lock a batch transaction could not take at once; the batch is then redone event by event. */
export class StripeObjectBusyError extends Error {}

/**
 * Serialises the transactions that touch the same Stripe payment or subscription. Without it,
 * a refund and the payment it refunds, processed at the same moment, would each miss the other's
 * uncommitted row and the refund would never be applied. Locks are taken up front and in a fixed
 * order, so two transactions can never wait on each other; they are released at commit.
 * A batch transaction takes its events' locks one event at a time, so it only tries them: a busy
 * one aborts the batch (nothing is kept) rather than risk waiting in a cycle.
 */
export async function lockStripeObjects(db: EntityManager, ids: (string | null)[]): Promise<void> {
  const keys = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  if (batchTransactions.has(db)) {
    if (keys.length === 0) return;
    const [row]: { taken: boolean }[] = await db.query(
      'SELECT bool_and(pg_try_advisory_xact_lock(hashtextextended(key, 0))) AS taken FROM unnest($1::text[]) key',
      [keys],
    );
    if (!row?.taken) throw new StripeObjectBusyError(`Stripe object busy: ${keys.join(', ')}`);
    return;
  }
  for (const key of keys) {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}
