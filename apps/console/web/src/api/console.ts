import type { components } from './generated/console';

/** The console's own shapes (sign-in, staff), from its OpenAPI document. */
export type Session = components['schemas']['SignedInDto'];
export type SignedInStaff = Session['staff'];
export type StaffRole = SignedInStaff['role'];
export type StaffMember = components['schemas']['StaffMemberDto'];
export type AuditEntry = components['schemas']['AuditEntryDto'];

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'fundraising', 'comms', 'viewer'];
