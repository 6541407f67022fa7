import { runSql, runSqlOne, sql } from '@crm/sql';
import type { SubscriptionStatus } from '@crm/entities';
import type { EntityManager } from 'typeorm';
import type { WithdrawnStatus } from './withdraw-consent';

/** How long a confirmation link works. */
const LINK_LIFETIME = sql.raw(`interval '7 days'`);

/** Stores a new link's token hash, tidying away the supporter's links that have expired. */
export async function insertConfirmationLink(
  manager: EntityManager,
  tokenHash: string,
  supporterId: string,
): Promise<void> {
  await runSql(
    manager,
    sql`WITH expired AS (DELETE FROM subscription_confirmations WHERE supporter_id = ${supporterId} AND expires_at <= now())
     INSERT INTO subscription_confirmations (token_hash, supporter_id, expires_at)
     VALUES (${tokenHash}, ${supporterId}, now() + ${LINK_LIFETIME})`,
  );
}

/** The status of the subscription a still valid link belongs to, read without changing or locking anything. */
export async function subscriptionStatusOfLink(
  manager: EntityManager,
  tokenHash: string,
): Promise<SubscriptionStatus | undefined> {
  const row = await runSqlOne<{ status: SubscriptionStatus }>(
    manager,
    sql`SELECT n.status FROM subscription_confirmations c
       JOIN newsletter_subscriptions n ON n.supporter_id = c.supporter_id
      WHERE c.token_hash = ${tokenHash} AND c.expires_at > now()`,
  );
  return row?.status;
}

/**
 * The subscription a still valid link belongs to, locked until the transaction ends; undefined for
 * any other token. The supporter is locked first, as every other path does before it changes a
 * subscription: confirming writes the supporter row too (its `newsletter_confirmed` copy).
 */
export async function lockSubscriptionOfLink(
  manager: EntityManager,
  tokenHash: string,
): Promise<{ supporter_id: string; status: SubscriptionStatus } | undefined> {
  const link = await runSqlOne<{ id: string }>(
    manager,
    sql`SELECT s.id FROM supporters s
      WHERE s.id = (SELECT c.supporter_id FROM subscription_confirmations c
                     WHERE c.token_hash = ${tokenHash} AND c.expires_at > now())
      FOR UPDATE OF s`,
  );
  if (!link) return undefined;
  const row = await runSqlOne<{ supporter_id: string; status: SubscriptionStatus }>(
    manager,
    sql`SELECT supporter_id, status FROM newsletter_subscriptions WHERE supporter_id = ${link.id} FOR UPDATE`,
  );
  return row ?? undefined;
}

/**
 * A subscription in `status` for a supporter who has none (so a later import cannot quietly
 * subscribe them); whether it was created.
 */
export async function insertWithdrawnSubscription(
  manager: EntityManager,
  supporterId: string,
  status: WithdrawnStatus,
  source: string | null,
): Promise<boolean> {
  const { rows } = await runSql(
    manager,
    sql`INSERT INTO newsletter_subscriptions (supporter_id, status, unsubscribed_at, source)
     VALUES (${supporterId}, ${status}, now(), ${source}) ON CONFLICT (supporter_id) DO NOTHING RETURNING supporter_id`,
  );
  return rows.length > 0;
}
