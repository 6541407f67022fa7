import { AuditEntry } from '@crm/entities';
import type { DataSource, EntityManager } from 'typeorm';

/** What the console records of staff accounts (sign-ins, invitations, role changes, resets). */
export type StaffAuditAction =
  | 'staff.sign-in'
  | 'staff.sign-in-failed'
  | 'staff.sign-out'
  | 'staff.invited'
  | 'staff.invitation-accepted'
  | 'staff.role-changed'
  | 'staff.disabled'
  | 'staff.enabled'
  | 'staff.password-reset-requested'
  | 'staff.password-reset'
  | 'staff.two-factor-enabled';

export interface StaffAuditEntry {
  action: StaffAuditAction;
  /** Who did it: the signed-in admin, the person themselves, or the CLI. */
  actor: { staffUserId: string | null; name: string };
  /** The staff user concerned, when there is one. */
  targetId: string | null;
  statusCode: number;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends to audit_log as every app does for its own staff actions (DESIGN: each app appends its
 * own rows there). Never holds a password, token or code.
 */
export async function recordStaffAudit(
  db: DataSource | EntityManager,
  entry: StaffAuditEntry,
): Promise<void> {
  const audit = db.getRepository(AuditEntry);
  await audit.save(
    audit.create({
      app: 'console',
      actorTokenId: null,
      actorStaffUserId: entry.actor.staffUserId,
      actorName: entry.actor.name,
      action: entry.action,
      targetType: 'StaffUser',
      targetId: entry.targetId,
      statusCode: entry.statusCode,
      requestId: entry.requestId ?? null,
      details: entry.details ?? {},
    }),
    { reload: false },
  );
}
