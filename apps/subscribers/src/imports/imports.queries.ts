import type { ImportRowError } from '@crm/entities';
import type { EntityManager } from 'typeorm';
import { runSql, sql, type SqlExecutor } from '@crm/sql';

/** Per-row errors kept for display; counts stay exact beyond it. */
const MAX_STORED_ERRORS = sql.raw(String(10_000));

/**
 * For a batch's transaction. Safe to skip waiting for the WAL flush: a crash that loses this
 * commit loses the batch's progress with it, and the retried job replays the file. Batch
 * statements look expensive to the planner; compiling them (JIT) costs more than it saves.
 */
export async function useBatchWriteSettings(manager: EntityManager): Promise<void> {
  await runSql(manager, sql`SET LOCAL synchronous_commit = off`);
  await runSql(manager, sql`SET LOCAL jit = off`);
}

/** The erasure tombstones among these address hashes. One primary-key lookup. */
export const tombstonesOf = async (
  manager: EntityManager,
  emailHashes: string[],
): Promise<{ email_hash: string; erased_at: Date }[]> =>
  (
    await runSql<{ email_hash: string; erased_at: Date }>(
      manager,
      sql`SELECT email_hash, erased_at FROM erased_emails WHERE email_hash = ANY(${sql.typed(emailHashes, 'text[]')})`,
    )
  ).rows;

/** Which of these normalised addresses belong to a supporter. */
export const supporterAddressesAmong = async (
  manager: EntityManager,
  addresses: string[],
): Promise<string[]> =>
  (
    await runSql<{ email_normalised: string }>(
      manager,
      sql`SELECT email_normalised FROM supporters WHERE email_normalised = ANY(${sql.typed(addresses, 'text[]')})`,
    )
  ).rows.map((row) => row.email_normalised);

/** One batch's supporters, column by column (the arrays are parallel). */
export interface ImportedSupporters {
  emails: string[];
  normalised: string[];
  firstNames: (string | null)[];
  lastNames: (string | null)[];
  /** Each row's tags joined by U+001F, which cannot occur in a parsed tag. */
  tags: string[];
  /** Whether the row is subscribed by this import: a new supporter is written with its copy set. */
  subscribing: boolean[];
}

/**
 * Merges a batch into supporters by address in one statement: names only fill gaps, tags add up.
 * A new supporter's subscription can only be the one the import inserts next, so the row is
 * written with its `newsletter_confirmed` copy already true: the subscriptions' trigger then has
 * nothing to rewrite (a second write of every imported row cost a consented import 30 % of its
 * rate). Existing supporters keep theirs; the trigger updates it if their subscription changes.
 */
export const upsertImportedSupporters = async (
  manager: EntityManager,
  batch: ImportedSupporters,
): Promise<{ id: string; email_normalised: string }[]> =>
  (
    await runSql<{ id: string; email_normalised: string }>(
      manager,
      sql`INSERT INTO supporters (email, email_normalised, first_name, last_name, tags, source, newsletter_confirmed)
     SELECT u.email, u.normalised, u.first_name, u.last_name, string_to_array(u.tags, E'\\x1f'), 'import',
            u.subscribing
       FROM unnest(${sql.typed(batch.emails, 'text[]')}, ${sql.typed(batch.normalised, 'text[]')}, ${sql.typed(batch.firstNames, 'text[]')}, ${sql.typed(batch.lastNames, 'text[]')}, ${sql.typed(batch.tags, 'text[]')}, ${sql.typed(batch.subscribing, 'boolean[]')})
         AS u(email, normalised, first_name, last_name, tags, subscribing)
     ON CONFLICT (email_normalised) DO UPDATE
       SET first_name = COALESCE(supporters.first_name, EXCLUDED.first_name),
           last_name = COALESCE(supporters.last_name, EXCLUDED.last_name),
           tags = ARRAY(SELECT DISTINCT unnest(supporters.tags || EXCLUDED.tags)),
           updated_at = now()
     RETURNING id, email_normalised`,
    )
  ).rows;

export interface Departures {
  supporterIds: string[];
  statuses: ('unsubscribed' | 'bounced')[];
  leftAt: Date[];
}

/**
 * Records people who left the list as unsubscribed or bounced, with a ledger row each, unless a
 * subscription was confirmed after they left. Replaying it changes nothing more.
 */
export async function recordDepartures(
  manager: EntityManager,
  departures: Departures,
  source: string,
): Promise<void> {
  await runSql(
    manager,
    sql`WITH departed AS (
       INSERT INTO newsletter_subscriptions AS ns (supporter_id, status, unsubscribed_at, source)
       SELECT u.id, u.status, u.left_at, ${source}
         FROM unnest(${sql.typed(departures.supporterIds, 'uuid[]')}, ${sql.typed(departures.statuses, 'text[]')}, ${sql.typed(departures.leftAt, 'timestamptz[]')}) AS u(id, status, left_at)
       ON CONFLICT (supporter_id) DO UPDATE
         SET status = EXCLUDED.status, unsubscribed_at = EXCLUDED.unsubscribed_at, updated_at = now()
         WHERE ns.status IN ('pending', 'subscribed')
           AND EXCLUDED.unsubscribed_at >= COALESCE(ns.confirmed_at, ns.requested_at, '-infinity')
       RETURNING supporter_id, status)
     INSERT INTO consent_events (supporter_id, kind, source)
     SELECT supporter_id, status, ${source} FROM departed`,
  );
}

export interface ConsentedSubscribers {
  supporterIds: string[];
  optedInAt: (Date | null)[];
  confirmedAt: (Date | null)[];
  optInIps: (string | null)[];
}

/**
 * Subscribes the people with no subscription yet, with an `imported` ledger row (the file's
 * evidence) for each one subscribed. Replaying it changes nothing more.
 */
export async function subscribeWithEvidence(
  manager: EntityManager,
  people: ConsentedSubscribers,
  source: string,
): Promise<void> {
  // Each use binds its own copy of the id and IP arrays; the statement is otherwise unchanged.
  const ids = () => sql.typed(people.supporterIds, 'uuid[]');
  const ips = () => sql.typed(people.optInIps, 'text[]');
  await runSql(
    manager,
    sql`WITH subscribed AS (
       INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at, source)
       SELECT u.id, 'subscribed', u.opted_in_at, COALESCE(u.confirmed_at, u.opted_in_at), ${source}
         FROM unnest(${ids()}, ${sql.typed(people.optedInAt, 'timestamptz[]')}, ${sql.typed(people.confirmedAt, 'timestamptz[]')}, ${ips()})
           AS u(id, opted_in_at, confirmed_at, ip)
       ON CONFLICT (supporter_id) DO NOTHING
       RETURNING supporter_id)
     INSERT INTO consent_events (supporter_id, kind, source, ip)
     SELECT u.id, 'imported', ${source}, u.ip
       FROM unnest(${ids()}, ${ips()}) AS u(id, ip)
       JOIN subscribed s ON s.supporter_id = u.id`,
  );
}

export interface BatchProgress {
  rows: number;
  imported: number;
  skipped: number;
  errors: ImportRowError[];
}

/** Adds a written batch to the import's counters and stored errors, in the batch's transaction. */
export async function addBatchProgress(
  manager: EntityManager,
  importId: string,
  progress: BatchProgress,
): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE supporter_imports
            SET rows_done = rows_done + ${progress.rows}, rows_imported = rows_imported + ${progress.imported}, rows_skipped = rows_skipped + ${progress.skipped},
                rows_failed = rows_failed + ${progress.errors.length},
                errors = CASE WHEN jsonb_array_length(errors) < ${MAX_STORED_ERRORS} THEN errors || ${sql.typed(JSON.stringify(progress.errors), 'jsonb')} ELSE errors END
          WHERE id = ${importId}`,
  );
}

/** Ends an import; a completed one's total becomes the rows actually read. */
export async function finishImport(
  db: SqlExecutor,
  importId: string,
  status: 'completed' | 'failed',
  errors: ImportRowError[],
): Promise<void> {
  await runSql(
    db,
    sql`UPDATE supporter_imports
          SET status = ${status}, finished_at = now(), errors = errors || ${sql.typed(JSON.stringify(errors), 'jsonb')},
              total_rows = ${status === 'completed' ? sql`rows_done` : sql`total_rows`}
        WHERE id = ${importId}`,
  );
}

/** Marks an unfinished import failed after its job gave up; the file to delete, if it was unfinished. */
export const failUnfinishedImport = async (db: SqlExecutor, importId: string): Promise<string[]> =>
  (
    await runSql<{ file_path: string }>(
      db,
      sql`UPDATE supporter_imports SET status = 'failed', finished_at = now(),
              errors = errors || '[{"line": 0, "message": "the import stopped after repeated errors"}]'::jsonb
        WHERE id = ${importId} AND status IN ('queued', 'running')
        RETURNING file_path`,
    )
  ).rows.map((row) => row.file_path);
