import { runSql, sql, type Sql, type SqlExecutor } from '@crm/sql';
import { RECIPIENT_RANK } from './sendgrid-event';

/**
 * The webhook's statements: one per step of a batch of events, each taking its row locks in key
 * order (events by id, recipients by id, addresses in order) so two batches never deadlock.
 */

/** An event as the insert reads it from JSON. */
export interface EventRow {
  provider_event_id: string;
  type: string;
  campaign_id: string | null | undefined;
  recipient_id: string | null | undefined;
  email: string | null;
  provider_message_id: string | null;
  occurred_at: string;
  /** A click's checked link (see clickUrl), else null. */
  url: string | null;
  payload: unknown;
}

/** The rank of the stored status of recipient `alias`: generated from RECIPIENT_RANK, never from input. */
const storedRank = (alias: string): Sql =>
  sql`CASE ${sql.ident(alias)}.status ${sql.raw(
    Object.entries(RECIPIENT_RANK)
      .map(([status, rank]) => `WHEN '${status}' THEN ${rank}`)
      .join(' '),
  )} ELSE 0 END`;

/**
 * Stores the events not seen before (unique provider event id), matched to their recipient, or
 * else to a supporter by address; an event whose person was erased keeps no payload. Answers the
 * provider event ids stored.
 */
export async function storeNewEvents(tx: SqlExecutor, events: EventRow[]): Promise<string[]> {
  const { rows } = await runSql<{ provider_event_id: string }>(
    tx,
    sql`INSERT INTO email_events (provider_event_id, type, campaign_id, recipient_id, supporter_id, provider_message_id,
                                 occurred_at, url, payload)
       SELECT e.provider_event_id, e.type, r.campaign_id, r.id, coalesce(r.supporter_id, s.id), e.provider_message_id,
              e.occurred_at,
              CASE WHEN person.erased_at IS NULL THEN e.url END, CASE WHEN person.erased_at IS NULL THEN e.payload ELSE '{}'::jsonb END
         FROM jsonb_to_recordset(${sql.typed(JSON.stringify(events), 'jsonb')}) AS e(provider_event_id text, type text, campaign_id uuid, recipient_id uuid,
                                                 email text, provider_message_id text, occurred_at timestamptz, url text, payload jsonb)
         LEFT JOIN campaign_recipients r ON r.id = e.recipient_id AND r.campaign_id = e.campaign_id
         LEFT JOIN supporters s ON r.id IS NULL AND s.email_normalised = e.email
         -- An event arriving after its person was erased keeps no address, IP, user agent or link either.
         LEFT JOIN supporters person ON person.id = coalesce(r.supporter_id, s.id)
        ORDER BY e.provider_event_id
       ON CONFLICT (provider_event_id) DO NOTHING
       RETURNING provider_event_id`,
  );
  return rows.map((row) => row.provider_event_id);
}

/** A recipient's strongest new status and latest event time from one batch. */
export interface RecipientAdvance {
  id: string;
  status: string;
  rank: number;
  /** ISO 8601. */
  at: string;
}

/**
 * Moves each recipient to its new status when that outranks the stored one, and its last event
 * time forward; the rows are locked in id order first.
 */
export async function advanceRecipients(tx: SqlExecutor, advances: RecipientAdvance[]): Promise<void> {
  const ids = sql.typed(
    advances.map((advance) => advance.id),
    'uuid[]',
  );
  const statuses = sql.typed(
    advances.map((advance) => advance.status),
    'text[]',
  );
  const ranks = sql.typed(
    advances.map((advance) => advance.rank),
    'int[]',
  );
  const times = sql.typed(
    advances.map((advance) => advance.at),
    'timestamptz[]',
  );
  await runSql(
    tx,
    sql`SELECT 1 FROM campaign_recipients WHERE id = ANY(${ids}) ORDER BY id FOR NO KEY UPDATE`,
  );
  await runSql(
    tx,
    sql`UPDATE campaign_recipients r
          SET status = CASE WHEN ${storedRank('r')} < u.rank THEN u.status ELSE r.status END,
              last_event_at = greatest(r.last_event_at, u.at)
         FROM unnest(${ids}, ${statuses}, ${ranks}, ${times}) AS u(id, status, rank, at)
        WHERE r.id = u.id`,
  );
}

/** Suppresses each address once (the first reason given for it); an address already suppressed keeps its reason. */
export async function suppressAddresses(
  tx: SqlExecutor,
  suppressions: { email: string; reason: string }[],
): Promise<void> {
  const emails = sql.typed(
    suppressions.map((suppression) => suppression.email),
    'text[]',
  );
  const reasons = sql.typed(
    suppressions.map((suppression) => suppression.reason),
    'text[]',
  );
  await runSql(
    tx,
    sql`INSERT INTO suppressions (email_normalised, reason, source)
       SELECT DISTINCT ON (email) email, reason, 'sendgrid' FROM unnest(${emails}, ${reasons}) AS u(email, reason)
        ORDER BY email
       ON CONFLICT (email_normalised) DO NOTHING`,
  );
}
