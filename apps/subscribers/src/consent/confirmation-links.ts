import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * The links that confirm a newsletter sign-up (double opt-in), one row per link sent in
 * `subscription_confirmations`. Only a token's SHA-256 is stored; the token itself is in the email.
 */
const LINK_LIFETIME = '7 days';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface ConfirmationLink {
  token: string;
  tokenHash: string;
}

/** A new link for a pending subscription. Links sent earlier keep working until they expire; expired ones are tidied away. */
export async function addConfirmationLink(
  manager: EntityManager,
  supporterId: string,
): Promise<ConfirmationLink> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  await manager.query(
    `WITH expired AS (DELETE FROM subscription_confirmations WHERE supporter_id = $2 AND expires_at <= now())
     INSERT INTO subscription_confirmations (token_hash, supporter_id, expires_at)
     VALUES ($1, $2, now() + interval '${LINK_LIFETIME}')`,
    [tokenHash, supporterId],
  );
  return { token, tokenHash };
}

/** The status of the subscription a still valid link belongs to, read without changing or locking anything. */
export async function subscriptionStatusOfLink(
  manager: EntityManager,
  token: string,
): Promise<string | undefined> {
  const [row] = (await manager.query(
    `SELECT n.status FROM subscription_confirmations c
       JOIN newsletter_subscriptions n ON n.supporter_id = c.supporter_id
      WHERE c.token_hash = $1 AND c.expires_at > now()`,
    [hashToken(token)],
  )) as { status: string }[];
  return row?.status;
}

/**
 * The subscription a still valid link belongs to, locked until the transaction ends; undefined for
 * any other token. The supporter is locked first, as every other path does before it changes a
 * subscription: confirming writes the supporter row too (its `newsletter_confirmed` copy).
 */
export async function lockSubscriptionOfLink(
  manager: EntityManager,
  token: string,
): Promise<{ supporter_id: string; status: string } | undefined> {
  const [link] = (await manager.query(
    `SELECT s.id FROM supporters s
      WHERE s.id = (SELECT c.supporter_id FROM subscription_confirmations c
                     WHERE c.token_hash = $1 AND c.expires_at > now())
      FOR UPDATE OF s`,
    [hashToken(token)],
  )) as { id: string }[];
  if (!link) return undefined;
  const [row] = (await manager.query(
    `SELECT supporter_id, status FROM newsletter_subscriptions WHERE supporter_id = $1 FOR UPDATE`,
    [link.id],
  )) as { supporter_id: string; status: string }[];
  return row;
}

/** Every link still in someone's inbox stops working: none may undo a withdrawal or outlive an erasure. */
export async function cancelConfirmationLinks(manager: EntityManager, supporterId: string): Promise<void> {
  await manager.query(`DELETE FROM subscription_confirmations WHERE supporter_id = $1`, [supporterId]);
}
