import { runSqlOne, sql, type SqlExecutor } from '@crm/sql';

/**
 * Marks a link used if it is of this kind, unused and unexpired, in one statement so two
 * concurrent uses cannot both succeed; answers its id, or null.
 */
export const useOpenLink = async (
  db: SqlExecutor,
  kind: string,
  tokenHash: string,
): Promise<string | null> => {
  const row = await runSqlOne<{ id: string }>(
    db,
    sql`UPDATE staff_invitations SET accepted_at = now()
         WHERE token_hash = ${tokenHash} AND kind = ${kind} AND accepted_at IS NULL AND expires_at > now()
     RETURNING id`,
  );
  return row?.id ?? null;
};
