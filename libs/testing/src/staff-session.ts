import { hashStaffToken, SESSION_LIFETIME_MS, STAFF_SESSION_COOKIE } from '@crm/auth';
import { type StaffRole, StaffSession, StaffUser } from '@crm/entities';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export interface TestStaffSession {
  userId: string;
  sessionId: string;
  /** The `Cookie` header value that carries the session. */
  cookie: string;
  csrfToken: string;
}

/**
 * A console user of a role with a live session, written straight to the database (as the console
 * would on sign-in), for tests of routes behind the staff guard.
 */
export async function staffSession(
  dataSource: DataSource,
  role: StaffRole,
  options: { name?: string; mustSetUpTotp?: boolean } = {},
): Promise<TestStaffSession> {
  const user = await dataSource.getRepository(StaffUser).save({
    email: `${role}-${randomUUID()}@example.org`,
    name: options.name ?? `${role} person`,
    role,
    passwordHash: 'not-a-usable-hash',
    totpSecret: null,
    totpEnabled: false,
    totpLastStep: null,
    disabledAt: null,
    lastSignInAt: null,
  });
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const session = await dataSource.getRepository(StaffSession).save({
    tokenHash: hashStaffToken(token),
    csrfToken,
    staffUserId: user.id,
    mustSetUpTotp: options.mustSetUpTotp ?? false,
    lastSeenAt: new Date(),
    expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
    endedAt: null,
  });
  return { userId: user.id, sessionId: session.id, cookie: `${STAFF_SESSION_COOKIE}=${token}`, csrfToken };
}
