import { runSql, sql, type SqlExecutor } from '@crm/sql';

/** A verified event as the inbox stores it: the payload is the body's text, `created` Stripe's seconds. */
export interface InboxRow {
  id: string;
  type: string;
  payload: string;
  created: number;
}

/**
 * Stores the events in one statement (one round trip, one synchronous commit); one already stored
 * is left as it is. Returns the ids stored now. Each value is its own parameter: a payload bound
 * inside a text[] would be escaped character by character on its way out.
 */
export async function insertStripeEvents(db: SqlExecutor, events: InboxRow[]): Promise<Set<string>> {
  const rows = events.map(
    (event) =>
      sql`(${event.id}, ${event.type}, ${sql.typed(event.payload, 'jsonb')}, to_timestamp(${sql.typed(event.created, 'float8')}))`,
  );
  const { rows: stored } = await runSql<{ id: string }>(
    db,
    sql`INSERT INTO stripe_events (id, type, payload, stripe_created_at) VALUES ${sql.join(rows)}
  ON CONFLICT (id) DO NOTHING RETURNING id`,
  );
  return new Set(stored.map(({ id }) => id));
}
