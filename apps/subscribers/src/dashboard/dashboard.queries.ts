import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/**
 * Supporters not erased nor merged into another record, and how many are confirmed subscribers
 * still alive: one pass, the flag is kept on the row by triggers.
 */
export const supporterCounts = async (db: SqlExecutor): Promise<{ total: number; subscribed: number }> =>
  (await runSqlOne<{ total: number; subscribed: number }>(
    db,
    sql`SELECT count(*)::int AS total,
               count(*) FILTER (WHERE newsletter_confirmed AND deceased_at IS NULL)::int AS subscribed
           FROM supporters WHERE erased_at IS NULL AND merged_into_id IS NULL`,
  )) ?? { total: 0, subscribed: 0 };

/** Subscriptions confirmed in the last `days` days and still subscribed. */
export const confirmedSince = async (db: SqlExecutor, days: number): Promise<number> =>
  (
    await runSqlOne<{ count: number }>(
      db,
      sql`SELECT count(*)::int AS count FROM newsletter_subscriptions
          WHERE status = 'subscribed' AND confirmed_at > now() - make_interval(days => ${days})`,
    )
  )?.count ?? 0;

export interface FailedImportRow {
  id: string;
  original_name: string | null;
  created_at: Date;
  finished_at: Date | null;
  /** How many imports failed in the period, on every row. */
  count: number;
}

/** Imports that failed in the last `days` days, newest first. */
export const failedImportsSince = async (db: SqlExecutor, days: number): Promise<FailedImportRow[]> =>
  (
    await runSql<FailedImportRow>(
      db,
      sql`SELECT id, original_name, created_at, finished_at, count(*) OVER ()::int AS count
           FROM supporter_imports
          WHERE status = 'failed' AND created_at > now() - make_interval(days => ${days})
          ORDER BY created_at DESC, id DESC`,
    )
  ).rows;
