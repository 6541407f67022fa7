import { isIPv4, isIPv6 } from 'node:net';

/** The first four 16-bit groups of an IPv6 address, in full lower-case hex, or null. */
function ipv6Prefix64(address: string): string | null {
  const [head = '', tail, ...rest] = address.split('::');
  if (rest.length > 0) return null;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  let left = groups(head);
  let right = tail === undefined ? [] : groups(tail);
  // A trailing dotted IPv4 part (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) is two groups; only the last 64 bits hold it.
  const last = (right.length > 0 ? right : left).at(-1);
  if (last?.includes('.')) {
    if (right.length > 0) right = [...right.slice(0, -1), '0', '0'];
    else left = [...left.slice(0, -1), '0', '0'];
  }
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const full = [...left, ...Array<string>(missing).fill('0'), ...right];
  return full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':');
}

/**
 * The key a per-client rate limit counts a client address under. An IPv4 address is itself, also
 * when written IPv4-mapped (`::ffff:203.0.113.7`, as a dual-stack socket reports it), so the two
 * spellings of one client share a count. An IPv6 address counts by its /64: one home or server is
 * given a whole /64 and can pick a fresh address in it for every request.
 */
export function clientBucket(ip: string): string {
  const address = ip.trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(address) || !isIPv6(address)) return address;
  const prefix = ipv6Prefix64(address);
  return prefix === null ? address : `${prefix}::/64`;
}
