import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/** The campaign reads that group or compute in PostgreSQL: live counts and uncertain batches. */

export interface StatusCount {
  campaign_id: string;
  status: string;
  n: number;
}

/** How many recipients (or batches) of each campaign are in each status, in one query. */
export async function countByStatus(
  db: SqlExecutor,
  table: 'campaign_recipients' | 'campaign_batches',
  campaignIds: string[],
): Promise<StatusCount[]> {
  const { rows } = await runSql<StatusCount>(
    db,
    sql`SELECT campaign_id, status, count(*)::int AS n FROM ${sql.ident(table)}
         WHERE campaign_id = ANY(${sql.typed(campaignIds, 'uuid[]')}) GROUP BY 1, 2`,
  );
  return rows;
}

export interface UncertainBatchRow {
  seq: number;
  recipient_count: number;
  last_error: string | null;
  finished_at: Date;
  /** When its recipients may be resent: the end of the grace period. */
  resendable_at: Date;
  /** The grace period is over (by the database's clock). */
  grace_over: boolean;
  /** Its recipients no provider event has confirmed yet. */
  unconfirmed: number;
}

/** A campaign's uncertain batches in order, each with its unconfirmed recipients. */
export async function uncertainBatchRows(
  db: SqlExecutor,
  campaignId: string,
  graceMinutes: number,
): Promise<UncertainBatchRow[]> {
  const { rows } = await runSql<UncertainBatchRow>(
    db,
    sql`SELECT b.seq, b.recipient_count, b.last_error, b.finished_at,
              b.finished_at + make_interval(mins => ${graceMinutes}) AS resendable_at,
              b.finished_at + make_interval(mins => ${graceMinutes}) <= now() AS grace_over,
              (SELECT count(*)::int FROM campaign_recipients r
                WHERE r.campaign_id = b.campaign_id AND r.batch_seq = b.seq AND r.status = 'uncertain') AS unconfirmed
         FROM campaign_batches b WHERE b.campaign_id = ${campaignId} AND b.status = 'uncertain' ORDER BY b.seq`,
  );
  return rows;
}

export interface FailedBatchRow {
  seq: number;
  recipient_count: number;
  last_error: string | null;
  finished_at: Date;
  /** Its recipients still failed (retry-failed moves them into new batches). */
  still_failed: number;
}

/** A campaign's failed batches in order, each with its recipients still failed. */
export async function failedBatchRows(db: SqlExecutor, campaignId: string): Promise<FailedBatchRow[]> {
  const { rows } = await runSql<FailedBatchRow>(
    db,
    sql`SELECT b.seq, b.recipient_count, b.last_error, b.finished_at,
              (SELECT count(*)::int FROM campaign_recipients r
                WHERE r.campaign_id = b.campaign_id AND r.batch_seq = b.seq AND r.status = 'failed') AS still_failed
         FROM campaign_batches b WHERE b.campaign_id = ${campaignId} AND b.status = 'failed' ORDER BY b.seq`,
  );
  return rows;
}

/**
 * Recipients in the campaign's batches SendGrid accepted within the last minute (or since the
 * start, when that is less than a minute ago), and that window in seconds. Batches, not the
 * ledger: a hundred rows for a 100,000-recipient send, read through the campaign's batch key.
 */
export async function recentlySent(
  db: SqlExecutor,
  campaignId: string,
  startedAt: Date,
): Promise<{ recipients: number; window_seconds: number }> {
  const row = await runSqlOne<{ recipients: number; window_seconds: number }>(
    db,
    sql`WITH w AS (SELECT greatest(now() - interval '1 minute', ${sql.typed(startedAt, 'timestamptz')}) AS since)
       SELECT coalesce(sum(b.recipient_count), 0)::int AS recipients,
              extract(epoch FROM now() - w.since)::float8 AS window_seconds
         FROM w LEFT JOIN campaign_batches b
           ON b.campaign_id = ${campaignId} AND b.status = 'sent' AND b.finished_at > w.since
        GROUP BY w.since`,
  );
  return row ?? { recipients: 0, window_seconds: 0 };
}
