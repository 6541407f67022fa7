import { NewsletterSubscription } from '@crm/entities';
import { type EntityManager, In } from 'typeorm';
import { cancelConfirmationLinks } from './confirmation-links';
import { appendConsentEvent, type ConsentEvidence } from './consent-ledger';
import { insertWithdrawnSubscription } from './consent.queries';

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
  const changed =
    (await insertWithdrawnSubscription(manager, supporterId, status, evidence.source ?? null)) ||
    ((
      await manager.update(
        NewsletterSubscription,
        { supporterId, status: In(['pending', 'subscribed']) },
        { status, unsubscribedAt: () => 'now()', updatedAt: () => 'now()' },
      )
    ).affected ?? 0) > 0;
  if (changed) {
    await cancelConfirmationLinks(manager, supporterId);
    await appendConsentEvent(manager, supporterId, status, evidence);
  }
  return changed;
}
