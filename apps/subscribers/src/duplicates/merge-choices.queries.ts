import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

/**
 * The duplicate's topic choices move to the kept record. Per topic, the latest choice recorded on
 * either record wins, as the merged consent ledger (whose rows move too) tells it: a topic either
 * of them joined stays joined unless the other left it later, and a choice beats a topic's
 * default. On a tie, leaving wins. An opt-out that lands on the kept record is stamped with the
 * merge's time, so a campaign already sending skips them (it looks up who left since it started).
 */
export async function moveTopicChoices(
  manager: EntityManager,
  keptId: string,
  mergedId: string,
): Promise<void> {
  await runSql(
    manager,
    sql`WITH winning AS (
          SELECT m.topic_id, m.subscribed, m.updated_at
            FROM topic_subscriptions m
            LEFT JOIN topic_subscriptions k ON k.supporter_id = ${keptId} AND k.topic_id = m.topic_id
           WHERE m.supporter_id = ${mergedId}
             AND (k.topic_id IS NULL
                  OR (k.subscribed IS DISTINCT FROM m.subscribed
                      AND (m.updated_at > k.updated_at OR (m.updated_at = k.updated_at AND NOT m.subscribed)))))
        INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed, updated_at)
        SELECT ${keptId}, topic_id, subscribed, CASE WHEN subscribed THEN updated_at ELSE now() END FROM winning
        ON CONFLICT (supporter_id, topic_id)
          DO UPDATE SET subscribed = EXCLUDED.subscribed, updated_at = EXCLUDED.updated_at`,
  );
  await runSql(manager, sql`DELETE FROM topic_subscriptions WHERE supporter_id = ${mergedId}`);
}

/**
 * The duplicate's charity soft opt-in moves to the kept record. An opt-out is for good, on either
 * record; the earlier start is kept. The duplicate's unsubscribe (or complaint) stopped its soft
 * opt-in mail but, being about its address, stays with its subscription: the soft opt-in it
 * stopped arrives already ended. A bounce is about the address alone and ends nothing. When the
 * kept record's running soft opt-in ends here, it ends at the merge's time (see above).
 */
export async function moveSoftOptIn(manager: EntityManager, keptId: string, mergedId: string): Promise<void> {
  await runSql(
    manager,
    sql`INSERT INTO soft_opt_ins AS k (supporter_id, began_at, opted_out_at)
        SELECT ${keptId}, m.began_at, COALESCE(m.opted_out_at, w.withdrawn_at)
          FROM soft_opt_ins m
          LEFT JOIN LATERAL (
            SELECT COALESCE(ns.unsubscribed_at, ns.updated_at) AS withdrawn_at FROM newsletter_subscriptions ns
             WHERE ns.supporter_id = m.supporter_id AND ns.status IN ('unsubscribed', 'complained')) w ON true
         WHERE m.supporter_id = ${mergedId}
        ON CONFLICT (supporter_id) DO UPDATE SET
          began_at = LEAST(k.began_at, EXCLUDED.began_at),
          opted_out_at = CASE WHEN k.opted_out_at IS NOT NULL THEN k.opted_out_at
                              WHEN EXCLUDED.opted_out_at IS NOT NULL THEN now() END`,
  );
  await runSql(manager, sql`DELETE FROM soft_opt_ins WHERE supporter_id = ${mergedId}`);
}
