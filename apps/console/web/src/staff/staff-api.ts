import { consoleRequest, type StaffRole } from '../api/console';

/** A member of staff as the console's GET /api/staff lists them. */
export interface StaffMember {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  disabled: boolean;
  lastSignInAt: string | null;
  invitedAt?: string | null;
  totpEnabled?: boolean;
  /** True while the invitation has not been accepted. */
  pending?: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const listStaff = (): Promise<Page<StaffMember>> => consoleRequest('GET', '/api/staff');

export const inviteStaff = (body: { email: string; role: StaffRole; name?: string }): Promise<unknown> =>
  consoleRequest('POST', '/api/staff', body);

export const changeStaff = (id: string, body: { role?: StaffRole; disabled?: boolean }): Promise<unknown> =>
  consoleRequest('PATCH', `/api/staff/${encodeURIComponent(id)}`, body);
