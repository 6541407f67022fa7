import { createHash, randomBytes } from 'node:crypto';
import { SubscriptionConfirmation, type SubscriptionStatus } from '@crm/entities';
import type { EntityManager } from 'typeorm';
import {
  insertConfirmationLink,
  lockSubscriptionOfLink as lockSubscriptionOfHash,
  subscriptionStatusOfLink as statusOfHash,
} from './consent.queries';

/**
 * The links that confirm a newsletter sign-up (double opt-in), one row per link sent in
 * `subscription_confirmations`. Only a token's SHA-256 is stored; the token itself is in the email.
 */
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
  await insertConfirmationLink(manager, tokenHash, supporterId);
  return { token, tokenHash };
}

/** The status of the subscription a still valid link belongs to, read without changing or locking anything. */
export async function subscriptionStatusOfLink(
  manager: EntityManager,
  token: string,
): Promise<SubscriptionStatus | undefined> {
  return statusOfHash(manager, hashToken(token));
}

/**
 * The subscription a still valid link belongs to, locked until the transaction ends; undefined for
 * any other token. The supporter is locked first, as every other path does before it changes a
 * subscription: confirming writes the supporter row too (its `newsletter_confirmed` copy).
 */
export async function lockSubscriptionOfLink(
  manager: EntityManager,
  token: string,
): Promise<{ supporter_id: string; status: SubscriptionStatus } | undefined> {
  return lockSubscriptionOfHash(manager, hashToken(token));
}

/** Every link still in someone's inbox stops working: none may undo a withdrawal or outlive an erasure. */
export async function cancelConfirmationLinks(manager: EntityManager, supporterId: string): Promise<void> {
  await manager.delete(SubscriptionConfirmation, { supporterId });
}
