import type { StaffRole } from '@crm/entities';

/** Who is calling a staff route; attached to the request by the guard. */
export interface StaffPrincipal {
  /** The bearer token used, or null for a console session. */
  tokenId: string | null;
  /** The console user signed in, or null for a bearer token. */
  staffUserId: string | null;
  name: string;
  role: StaffRole;
}
