import type { Request } from 'express';

/**
 * A public form posted from this site or the organisation's own (EMBED_ORIGINS). Browsers send
 * `Origin` with every POST; a request without one (a script, an old browser) is let through, as
 * these forms set no cookie and only start what anyone could start (a payment page, a sign-up).
 */
export function postedFromAllowedOrigin(request: Request, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowed.has(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
