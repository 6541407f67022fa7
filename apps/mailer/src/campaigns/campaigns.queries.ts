import type { CampaignRecipientCount } from '@crm/entities';
import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/** The campaign reads that group or compute in PostgreSQL: live counts, batches needing attention, rate. */

export interface StatusCount {
  campaign_id: string;
  status: string;
  n: number;
}

/** How many batches of each campaign are in each status, in one query (a hundred rows per 100,000 recipients). */
export async function batchCountsByStatus(db: SqlExecutor, campaignIds: string[]): Promise<StatusCount[]> {
  const { rows } = await runSql<StatusCount>(
    db,
    sql`SELECT campaign_id, status, count(*)::int AS n FROM campaign_batches
         WHERE campaign_id = ANY(${sql.typed(campaignIds, 'uuid[]')}) GROUP BY 1, 2`,
  );
  return rows;
}

/**
 * How many recipients of each campaign are in each status: the sum of the delta rows the ledger's
 * triggers append (`CampaignRecipientCount`), never a scan of the ledger itself.
 */
export async function recipientCountsByStatus(
  db: SqlExecutor,
  campaignIds: string[],
): Promise<(StatusCount & { status: CampaignRecipientCount['status'] })[]> {
  const { rows } = await runSql<StatusCount & { status: CampaignRecipientCount['status'] }>(
    db,
    sql`SELECT campaign_id, status, sum(n)::int AS n FROM campaign_recipient_counts
         WHERE campaign_id = ANY(${sql.typed(campaignIds, 'uuid[]')}) GROUP BY 1, 2 HAVING sum(n) <> 0`,
  );
  return rows;
}

/** Delta rows a campaign may gather before they are folded into one per status. */
const COUNT_ROWS_BEFORE_COMPACTING = 64;

/**
 * Folds a campaign's count rows into one per status, once there are more than a few dozen, so
 * reading them stays a handful of rows. Exact under concurrency: the DELETE takes only committed
 * rows it can see (a row another transaction is still adding stays, and is counted later), each
 * row is folded by exactly one caller, and a second caller at the same time skips instead of
 * waiting (advisory lock).
 */
export async function compactRecipientCounts(db: SqlExecutor, campaignId: string): Promise<void> {
  const campaign = sql.typed(campaignId, 'uuid');
  await runSql(
    db,
    sql`WITH allowed AS (
          SELECT pg_try_advisory_xact_lock(hashtext('campaign_recipient_counts'), hashtext(${campaign}::text)) AS ok
           WHERE (SELECT count(*) FROM (SELECT 1 FROM campaign_recipient_counts WHERE campaign_id = ${campaign}
                                         LIMIT ${COUNT_ROWS_BEFORE_COMPACTING + 1}) AS few) > ${COUNT_ROWS_BEFORE_COMPACTING}),
        folded AS (
          DELETE FROM campaign_recipient_counts WHERE campaign_id = ${campaign} AND (SELECT ok FROM allowed)
          RETURNING status, n)
        INSERT INTO campaign_recipient_counts (campaign_id, status, n)
        SELECT ${campaign}, status, sum(n) FROM folded GROUP BY status HAVING sum(n) <> 0`,
  );
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
