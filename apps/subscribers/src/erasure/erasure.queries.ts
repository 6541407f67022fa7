import { SoftOptIn, TopicSubscription } from '@crm/entities';
import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

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

/**
 * Their topic choices and charity soft opt-in go: nobody is left to mail, and what they chose is
 * personal data. The ledger rows that recorded each choice stay, anonymised as above.
 */
export async function forgetMarketingChoices(manager: EntityManager, supporterId: string): Promise<void> {
  await manager.delete(TopicSubscription, { supporterId });
  await manager.delete(SoftOptIn, { supporterId });
}
