import type { EntityManager } from 'typeorm';
import { cancelConfirmationLinks } from './confirmation-links';
import { appendConsentEvent, type ConsentEvidence } from './consent-ledger';

export type WithdrawnStatus = 'unsubscribed' | 'bounced' | 'complained';

/**
 * Stops newsletter mail to a supporter: a pending or subscribed subscription moves to `status`
 * (its confirmation links die with it) and the ledger records why. A supporter with no
 * subscription gets one in that status, so a later import cannot quietly subscribe them. Returns
 * whether anything changed; repeating it is a no-op.
 */
export async function withdrawConsent(
  manager: EntityManager,
  supporterId: string,
  status: WithdrawnStatus,
  evidence: ConsentEvidence,
): Promise<boolean> {
  const inserted = (await manager.query(
    `INSERT INTO newsletter_subscriptions (supporter_id, status, unsubscribed_at, source)
     VALUES ($1, $2, now(), $3) ON CONFLICT (supporter_id) DO NOTHING RETURNING supporter_id`,
    [supporterId, status, evidence.source ?? null],
  )) as unknown[];
  const changed =
    inserted.length > 0 ||
    (
      (await manager.query(
        `UPDATE newsletter_subscriptions
            SET status = $2, unsubscribed_at = now(), updated_at = now()
          WHERE supporter_id = $1 AND status IN ('pending', 'subscribed')`,
        [supporterId, status],
      )) as [unknown, number]
    )[1] > 0;
  if (changed) {
    await cancelConfirmationLinks(manager, supporterId);
    await appendConsentEvent(manager, supporterId, status, evidence);
  }
  return changed;
}
