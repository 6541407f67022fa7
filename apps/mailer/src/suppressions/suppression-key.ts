import type { AuditTargetOf } from '@crm/auth';
import { addressHash, normaliseEmail } from '@crm/values';

/** A suppression's audit target: its address's hash, not the address (audit rows outlive an erasure). */
export const suppressionAuditTarget: AuditTargetOf = ({ params, body }) => {
  const email = params?.email ?? (body as { email?: unknown } | undefined)?.email;
  if (typeof email !== 'string') return null;
  return addressHash(normaliseEmail(email));
};
