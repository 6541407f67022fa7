import { runSql, runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/** Whether the subscribers app has merged `mergedId` into `keptId` (committed). */
export const isMergedInto = async (db: SqlExecutor, mergedId: string, keptId: string): Promise<boolean> =>
  (await runSqlOne<{ merged: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM supporters WHERE id = ${mergedId} AND merged_into_id = ${keptId}) AS merged`,
  ))!.merged;

/**
 * Moves the donations app's rows of the merged duplicate to the kept record. Run again it finds
 * nothing left to move. The giving summary follows the donations through its triggers.
 */
export async function moveDonorRecords(db: SqlExecutor, mergedId: string, keptId: string): Promise<void> {
  await runSql(db, sql`UPDATE donations SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`);
  await runSql(
    db,
    sql`UPDATE recurring_donations SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
  await runSql(
    db,
    sql`UPDATE gift_aid_declarations SET supporter_id = ${keptId} WHERE supporter_id = ${mergedId}`,
  );
}
