import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

/** A confirmation email is sent again only this long after the last one. */
const CONFIRMATION_RESEND_AFTER = sql.raw(`interval '10 minutes'`);

/**
 * Marks the supporter's subscription pending with a confirmation sent now (creating it if there is
 * none), unless it is already subscribed or a confirmation went out in the last 10 minutes.
 * Whether a confirmation is due.
 */
export async function markConfirmationSent(
  manager: EntityManager,
  supporterId: string,
  source: string,
): Promise<boolean> {
  await runSql(
    manager,
    sql`INSERT INTO newsletter_subscriptions (supporter_id, status) VALUES (${supporterId}, 'pending')
       ON CONFLICT (supporter_id) DO NOTHING`,
  );
  const { rowCount } = await runSql(
    manager,
    sql`UPDATE newsletter_subscriptions
          SET status = 'pending', confirmation_sent_at = now(), requested_at = now(), source = ${source}, updated_at = now()
        WHERE supporter_id = ${supporterId} AND status <> 'subscribed'
          AND (confirmation_sent_at IS NULL
               OR confirmation_sent_at <= now() - ${CONFIRMATION_RESEND_AFTER})`,
  );
  return rowCount > 0;
}
