import { createHash } from 'node:crypto';
import type { AuditTargetOf } from '@crm/auth';
import { normaliseEmail } from '@crm/values';

/**
 * A suppression's audit target: the SHA-256 (hex) of its normalised address, not the address.
 * Audit rows outlive an erasure, which must leave no address behind; the hash is the one the
 * erasure tombstone (`erased_emails`) keeps, so an admin can still tell which address a row is about.
 */
export const suppressionAuditTarget: AuditTargetOf = ({ params, body }) => {
  const email = params?.email ?? (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return null;
  return createHash('sha256').update(normaliseEmail(email)).digest('hex');
};
