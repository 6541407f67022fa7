export const STAFF_ROLES = ['admin', 'fundraising', 'comms', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
