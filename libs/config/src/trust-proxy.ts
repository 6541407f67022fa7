import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * What Express may believe of `X-Forwarded-For` (`app.set('trust proxy', …)`): nothing (`false`),
 * the last N hops, or the proxies at these addresses. Client IPs key the sign-up rate limits and
 * are consent evidence, so trusting a header anyone can send would let them choose their own.
 */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges (proxy-addr). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const isAddressOrRange = (entry: string): boolean => {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
};

const TRUST_PROXY_HELP =
  'must be a hop count (0-10, e.g. 1 for one reverse proxy in front), or a comma-separated list of ' +
  'proxy addresses, CIDR ranges and the names loopback, linklocal, uniquelocal (e.g. 10.0.0.0/8,loopback); ' +
  'unset trusts no proxy';

/** Parses `TRUST_PROXY`; unset (or `false`, `0`) trusts no proxy and uses the socket's address. */
export function parseTrustProxy(value: string): TrustProxy | null {
  const text = value.trim().toLowerCase();
  if (text === '' || text === 'false') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return null;
    return hops === 0 ? false : hops;
  }
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  return entries.length > 0 && entries.every(isAddressOrRange) ? entries : null;
}

export const envTrustProxy = () =>
  z
    .string()
    .default('false')
    .transform((value, context): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (parsed !== null) return parsed;
      context.addIssue({ code: 'custom', message: TRUST_PROXY_HELP });
      return z.NEVER;
    });
