import type { StaffRole } from '../api/console';

/**
 * What each role may do (DESIGN §3), mirrored from the apps' guard so the menu and the edit
 * controls show only what will work. The apps still decide: a refused request is shown as such.
 */
export type Permission =
  | 'donations:read'
  | 'donations:write'
  | 'supporters:read'
  | 'supporters:write'
  | 'segments:read'
  | 'segments:write'
  | 'campaigns:read'
  | 'campaigns:write'
  | 'suppressions:write'
  | 'queues:view'
  | 'staff:manage';

const READS: readonly Permission[] = ['donations:read', 'supporters:read', 'segments:read', 'campaigns:read'];

const ROLE_PERMISSIONS: Record<StaffRole, ReadonlySet<Permission>> = {
  admin: new Set<Permission>([
    ...READS,
    'donations:write',
    'segments:write',
    'supporters:write',
    'campaigns:write',
    'suppressions:write',
    'queues:view',
    'staff:manage',
  ]),
  fundraising: new Set<Permission>(['donations:read', 'donations:write', 'supporters:read']),
  comms: new Set<Permission>([
    'supporters:read',
    'supporters:write',
    'segments:read',
    'segments:write',
    'campaigns:read',
    'campaigns:write',
    'suppressions:write',
  ]),
  viewer: new Set<Permission>(READS),
};

export const can = (role: StaffRole | undefined, permission: Permission): boolean =>
  role !== undefined && ROLE_PERMISSIONS[role].has(permission);

export const ROLE_LABELS: Record<StaffRole, string> = {
  admin: 'Admin',
  fundraising: 'Fundraising',
  comms: 'Communications',
  viewer: 'Viewer',
};

/** What each role may do, as a phrase that follows "they can": "look at everything, change nothing". */
export const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  admin: 'do everything, including staff accounts and the audit log',
  fundraising: 'work on donations and Gift Aid, and look up supporters',
  comms: 'work on supporters, imports, audiences and emails',
  viewer: 'look at everything, change nothing',
};
