import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/** Whether the subscribers app has merged `mergedId` into `keptId` (committed). */
export const isMergedInto = async (db: SqlExecutor, mergedId: string, keptId: string): Promise<boolean> =>
  (await runSqlOne<{ merged: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM supporters WHERE id = ${mergedId} AND merged_into_id = ${keptId}) AS merged`,
  ))!.merged;

/**
 * Moves the mailer's history of the merged duplicate to the kept record. A campaign both records
 * were sent keeps its second ledger row on the merged record: the ledger allows one row per
 * campaign and supporter, and the profile reads a record's merged duplicates' emails too.
 */
export async function moveEmailHistory(db: SqlExecutor, mergedId: string, keptId: string): Promise<void> {
  await runSql(
    db,
    sql`UPDATE campaign_recipients r SET supporter_id = ${keptId}
         WHERE r.supporter_id = ${mergedId}
           AND NOT EXISTS (SELECT 1 FROM campaign_recipients k
                            WHERE k.campaign_id = r.campaign_id AND k.supporter_id = ${keptId})`,
  );
  await runSql(db, sql`UPDATE email_events SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`);
  await runSql(
    db,
    sql`UPDATE transactional_messages SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
}
