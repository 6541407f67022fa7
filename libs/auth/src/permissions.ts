import type { StaffRole } from '@crm/entities';

export const PERMISSIONS = [
  'donations:read',
  'donations:write',
  'supporters:read',
  'supporters:write',
  'segments:read',
  'segments:write',
  'campaigns:read',
  'campaigns:write',
  'suppressions:read',
  'suppressions:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL = PERMISSIONS.filter((permission) => permission.endsWith(':read'));

/** DESIGN §3: admin everything; fundraising donations + supporters read; comms people and mail; viewer reads. */
export const ROLE_PERMISSIONS: Record<StaffRole, ReadonlySet<Permission>> = {
  admin: new Set(PERMISSIONS),
  fundraising: new Set(['donations:read', 'donations:write', 'supporters:read']),
  comms: new Set(PERMISSIONS.filter((permission) => !permission.startsWith('donations:'))),
  viewer: new Set(READ_ALL),
};

export const roleAllows = (role: StaffRole, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].has(permission);
