import { runSql, sql, type SqlExecutor } from '@crm/sql';

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
              (SELECT count(*)::int FROM campaign_recipients r
                WHERE r.campaign_id = b.campaign_id AND r.batch_seq = b.seq AND r.status = 'uncertain') AS unconfirmed
         FROM campaign_batches b WHERE b.campaign_id = ${campaignId} AND b.status = 'uncertain' ORDER BY b.seq`,
  );
  return rows;
}
