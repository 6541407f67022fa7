import type { StaffRole } from '@crm/entities';

/** Who is calling a staff route; attached to the request by the guard. */
export interface StaffPrincipal {
  tokenId: string;
  name: string;
  role: StaffRole;
}
