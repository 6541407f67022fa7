import { StaffSession, StaffUser } from '@crm/entities';
import { timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashStaffToken } from './token-hash';

/** The console's session cookie. HttpOnly, SameSite=Strict; Secure when CONSOLE_URL is https. */
export const STAFF_SESSION_COOKIE = 'crm_session';
/** The header a state-changing request made with a session carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/** A session nobody has used for this long has ended. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** A session ends this long after sign-in, however busy. */
export const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** A session still in force and the person it belongs to. */
export interface LiveSession {
  sessionId: string;
  csrfToken: string;
  mustSetUpTotp: boolean;
  lastSeenAt: Date;
  user: Pick<StaffUser, 'id' | 'email' | 'name' | 'role' | 'totpEnabled'>;
}

/** The value of one cookie in a `Cookie` header, or null. */
export function readCookie(header: string | string[] | undefined, name: string): string | null {
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return value.length > 0 ? decodeURIComponent(value) : null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The session a cookie's token opens, when it is not ended, was used within 12 h, is under 7 days
 * old, and its user is not disabled. Time is the database's, so every app judges alike.
 */
export async function findLiveSession(dataSource: DataSource, token: string): Promise<LiveSession | null> {
  const row = await dataSource
    .getRepository(StaffSession)
    .createQueryBuilder('session')
    .innerJoin(StaffUser, 'staff', 'staff.id = session.staff_user_id')
    .select([
      'session.id AS session_id',
      'session.csrf_token AS csrf_token',
      'session.must_set_up_totp AS must_set_up_totp',
      'session.last_seen_at AS last_seen_at',
      'staff.id AS id',
      'staff.email AS email',
      'staff.name AS name',
      'staff.role AS role',
      'staff.totp_enabled AS totp_enabled',
    ])
    .where('session.token_hash = :hash', { hash: hashStaffToken(token) })
    .andWhere('session.ended_at IS NULL')
    .andWhere('session.expires_at > now()')
    .andWhere(`session.last_seen_at > now() - make_interval(secs => :idle)`, { idle: SESSION_IDLE_MS / 1000 })
    .andWhere('staff.disabled_at IS NULL')
    .getRawOne<{
      session_id: string;
      csrf_token: string;
      must_set_up_totp: boolean;
      last_seen_at: Date;
      id: string;
      email: string;
      name: string;
      role: StaffUser['role'];
      totp_enabled: boolean;
    }>();
  if (!row) return null;
  return {
    sessionId: row.session_id,
    csrfToken: row.csrf_token,
    mustSetUpTotp: row.must_set_up_totp,
    lastSeenAt: row.last_seen_at,
    user: { id: row.id, email: row.email, name: row.name, role: row.role, totpEnabled: row.totp_enabled },
  };
}

/** Whether a request's `X-CSRF-Token` is the session's, compared in constant time. */
export function csrfTokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
