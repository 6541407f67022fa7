import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';
import { StripeEventRecord } from '@crm/entities';
import { DataSource, type EntityManager } from 'typeorm';
import { payloadWithoutErasedDonor } from '../erasure/erasure.queries';

/* The statements of the processing machinery: reading and closing the inbox, and the locks. */

// ---------------------------------------------------------------------------------------------
// The inbox, as processing reads and closes it

/** The stored payloads of these events (an event not in the inbox has no row). */
export async function storedPayloads(db: SqlExecutor, eventIds: string[]): Promise<Map<string, unknown>> {
  const { rows } = await runSql<Pick<StripeEventRecord, 'id' | 'payload'>>(
    db,
    sql`SELECT id, payload FROM stripe_events WHERE id = ANY(${sql.typed(eventIds, 'text[]')})`,
  );
  return new Map(rows.map((row) => [row.id, row.payload]));
}

/** One more failed attempt, with its reason for a person to read. */
export async function recordAttemptFailed(db: SqlExecutor, eventId: string, reason: string): Promise<void> {
  const manager = db instanceof DataSource ? db.manager : db;
  await manager.update(
    StripeEventRecord,
    { id: eventId },
    { attempts: () => 'attempts + 1', lastError: reason },
  );
}

/**
 * Marks the events processed and the donations announced, in one statement. An event about an
 * erased donor loses their details here, in the same write.
 */
export async function markProcessed(
  db: SqlExecutor,
  eventIds: string[],
  announcedDonationIds: string[],
): Promise<void> {
  await runSql(
    db,
    sql`WITH announced AS (
         UPDATE donations SET notified_at = now() WHERE id = ANY(${sql.typed(announcedDonationIds, 'uuid[]')}) AND notified_at IS NULL)
       UPDATE stripe_events e SET processed_at = now(), attempts = e.attempts + 1, payload = ${payloadWithoutErasedDonor('e')}
        WHERE e.id = ANY(${sql.typed(eventIds, 'text[]')})`,
  );
}

/** Unprocessed events received before `staleAfter` ago and tried fewer than `maxAttempts` times, oldest first. */
export async function staleEvents(
  db: SqlExecutor,
  maxAttempts: number,
  staleAfter: string,
  limit: number,
): Promise<Pick<StripeEventRecord, 'id' | 'attempts'>[]> {
  const { rows } = await runSql<Pick<StripeEventRecord, 'id' | 'attempts'>>(
    db,
    sql`SELECT id, attempts FROM stripe_events
       WHERE processed_at IS NULL AND attempts < ${maxAttempts} AND received_at < now() - ${sql.typed(staleAfter, 'interval')}
       ORDER BY received_at LIMIT ${limit}`,
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Locks on Stripe objects (see stripe-object-locks)

export async function waitForObjectLock(db: EntityManager, key: string): Promise<void> {
  await runSql(db, sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}

/** Tries every lock in one statement without waiting; true if all were taken. */
export async function tryObjectLocks(db: EntityManager, keys: string[]): Promise<boolean> {
  const row = await runSqlOne<{ taken: boolean }>(
    db,
    sql`SELECT bool_and(pg_try_advisory_xact_lock(hashtextextended(key, 0))) AS taken FROM unnest(${sql.typed(keys, 'text[]')}) key`,
  );
  return row?.taken === true;
}
