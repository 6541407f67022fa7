import { createHash } from 'node:crypto';
import { ConsentEvent, type ConsentEventKind } from '@crm/entities';
import type { EntityManager } from 'typeorm';

/** Who asked, from where, and the exact words they saw. */
export interface ConsentEvidence {
  source?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  wording?: string | null;
  occurredAt?: Date;
  /** The topic a `topic_joined` or `topic_left` row is about. */
  topicId?: string | null;
}

export const wordingHash = (wording: string): string => createHash('sha256').update(wording).digest('hex');

/**
 * Appends one row to the consent ledger. Rows are never updated or deleted (a trigger enforces
 * it), so this is the only write the ledger ever gets besides erasure clearing personal fields.
 */
export async function appendConsentEvent(
  manager: EntityManager,
  supporterId: string,
  kind: ConsentEventKind,
  evidence: ConsentEvidence,
): Promise<void> {
  const wording = evidence.wording ?? null;
  await manager.insert(ConsentEvent, {
    supporterId,
    kind,
    source: evidence.source ?? null,
    ip: evidence.ip ?? null,
    userAgent: evidence.userAgent ?? null,
    wording,
    wordingHash: wording === null ? null : wordingHash(wording),
    topicId: evidence.topicId ?? null,
    // Unset: the column's default, the transaction's now().
    occurredAt: evidence.occurredAt,
  });
}
