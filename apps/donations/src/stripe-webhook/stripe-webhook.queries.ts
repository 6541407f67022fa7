import { runSql, sql, type SqlExecutor } from '@crm/sql';

/** A verified event as the inbox stores it: the payload is the body's text, `created` Stripe's seconds. */
export interface InboxRow {
  id: string;
  type: string;
  payload: string;
  created: number;
}

/** Stores the events in one statement (one round trip, one synchronous commit); one already stored is left as it is. */
export async function insertStripeEvents(db: SqlExecutor, events: InboxRow[]): Promise<void> {
  const column = <K extends keyof InboxRow>(key: K): InboxRow[K][] => events.map((event) => event[key]);
  const [ids, types, payloads, created] = [
    sql.typed(column('id'), 'text[]'),
    sql.typed(column('type'), 'text[]'),
    sql.typed(column('payload'), 'text[]'),
    sql.typed(column('created'), 'float8[]'),
  ];
  await runSql(
    db,
    sql`INSERT INTO stripe_events (id, type, payload, stripe_created_at)
  SELECT id, type, payload::jsonb, to_timestamp(created)
  FROM unnest(${ids}, ${types}, ${payloads}, ${created}) AS e (id, type, payload, created)
  ON CONFLICT (id) DO NOTHING`,
  );
}
