import { runSql, sql, type SqlExecutor } from '@crm/sql';

/**
 * Records a session's use unless it has ended, expired or gone idle (a used session never revives
 * a dead one), in one statement so two requests cannot race a check against the update.
 */
export const touchOpenSession = (db: SqlExecutor, tokenHash: string, idleSeconds: number) =>
  runSql(
    db,
    sql`UPDATE staff_sessions SET last_seen_at = now()
         WHERE token_hash = ${tokenHash} AND ended_at IS NULL AND expires_at > now()
           AND last_seen_at > now() - make_interval(secs => ${idleSeconds})`,
  );

/** Serialises admin role changes, so two admins demoting each other cannot leave nobody in charge. */
export const lockAdminChanges = (db: SqlExecutor) =>
  runSql(db, sql`SELECT pg_advisory_xact_lock(hashtext(${'staff_users:admins'}))`);
