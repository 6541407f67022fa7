import { normaliseEmail } from '@crm/values';

/** An address as stored: `email` keeps the local part's case, `normalised` is the unique key. */
export interface EmailAddress {
  email: string;
  normalised: string;
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** Reserved names that never accept mail (RFC 2606, RFC 6762). */
const UNDELIVERABLE_TLDS = new Set(['invalid', 'localhost', 'local']);

/**
 * Trims, lower-cases the domain and rejects what cannot be delivered to: no dotted public
 * domain, IP literals, quoted local parts, over-long parts. Null when undeliverable.
 */
export function parseEmailAddress(input: string): EmailAddress | null {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (trimmed.length > 254 || at < 1) return null;
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  const tld = labels.at(-1)!;
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  if (!TOP_LEVEL.test(tld) || UNDELIVERABLE_TLDS.has(tld)) return null;
  const email = `${local}@${domain}`;
  return { email, normalised: normaliseEmail(email) };
}
