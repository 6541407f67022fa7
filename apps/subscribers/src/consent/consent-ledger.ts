import { createHash } from 'node:crypto';
import type { ConsentEventKind } from '@crm/entities';
import type { EntityManager } from 'typeorm';

/** Who asked, from where, and the exact words they saw. */
export interface ConsentEvidence {
  source?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  wording?: string | null;
  occurredAt?: Date;
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
  await manager.query(
    `INSERT INTO consent_events (supporter_id, kind, source, ip, user_agent, wording, wording_hash, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, now()))`,
    [
      supporterId,
      kind,
      evidence.source ?? null,
      evidence.ip ?? null,
      evidence.userAgent ?? null,
      wording,
      wording === null ? null : wordingHash(wording),
      evidence.occurredAt ?? null,
    ],
  );
}
