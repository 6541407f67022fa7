import { StaffTokens } from '@crm/auth';
import type { StaffRole } from '@crm/entities';
import type { DataSource } from 'typeorm';

/** Creates a staff token of a role directly in the database; returns the bearer header value. */
export async function staffBearer(
  dataSource: DataSource,
  role: StaffRole,
  name = `${role}-tester`,
): Promise<string> {
  const { token } = await new StaffTokens(dataSource).create(name, role);
  return `Bearer ${token}`;
}
