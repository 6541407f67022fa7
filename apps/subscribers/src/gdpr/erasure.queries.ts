import { runSql, sql } from '@crm/database';
import type { EntityManager } from 'typeorm';

/**
 * The tombstone of an erased address (its SHA-256). The latest erasure counts: it withdrew any
 * consent given before it, since an earlier one too.
 */
export async function recordErasedEmail(manager: EntityManager, emailHash: string): Promise<void> {
  await runSql(
    manager,
    sql`INSERT INTO erased_emails (email_hash) VALUES (${emailHash})
       ON CONFLICT (email_hash) DO UPDATE SET erased_at = now()`,
  );
}

/** The erased supporter's subscription, if any, ends; an earlier unsubscribe keeps its date. */
export async function unsubscribeErased(manager: EntityManager, supporterId: string): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE newsletter_subscriptions
          SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, now()), updated_at = now()
        WHERE supporter_id = ${supporterId}`,
  );
}

/** The ledger keeps what happened and when; the personal evidence (address, browser) goes. */
export async function clearConsentEvidence(manager: EntityManager, supporterId: string): Promise<void> {
  await runSql(
    manager,
    sql`UPDATE consent_events SET ip = NULL, user_agent = NULL
        WHERE supporter_id = ${supporterId} AND (ip IS NOT NULL OR user_agent IS NOT NULL)`,
  );
}
