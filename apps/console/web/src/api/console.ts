import { apiError } from './errors';
import { getCsrfToken } from './session-token';

/**
 * The console app's own routes (DESIGN §3 "console"): sign-in, sessions, invitations, password
 * reset, staff and the audit log. Shapes follow the console's OpenAPI document.
 */
export type StaffRole = 'admin' | 'fundraising' | 'comms' | 'viewer';
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'fundraising', 'comms', 'viewer'];

export interface SignedInStaff {
  id: string;
  email: string;
  name: string | null;
  role: StaffRole;
  totpEnabled?: boolean;
}

export interface Session {
  staff: SignedInStaff;
  csrfToken: string;
}

/** A JSON request to the console's /api/auth, /api/staff or /api/audit-log routes. */
export async function consoleRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = getCsrfToken();
  if (token && method !== 'GET') headers['X-CSRF-Token'] = token;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) throw apiError(response, parsed);
  return parsed as T;
}
