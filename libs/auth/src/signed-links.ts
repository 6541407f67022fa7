import { createHmac, timingSafeEqual } from 'node:crypto';
import { publicLink } from './public-link';

/**
 * One-click unsubscribe links (RFC 8058). The token names the supporter and carries an
 * HMAC-SHA256 of that id under APP_SECRET, so it cannot be forged or altered, and it does not
 * expire: a link in a years-old email must still work.
 */
const UNSUBSCRIBE_PURPOSE = 'unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signature = (secret: string, purpose: string, subject: string): Buffer =>
  createHmac('sha256', secret).update(`${purpose}:${subject}`).digest();

export function signUnsubscribeToken(secret: string, supporterId: string): string {
  const id = supporterId.toLowerCase();
  return `${id}.${signature(secret, UNSUBSCRIBE_PURPOSE, id).toString('base64url')}`;
}

/** The supporter id the token was signed for, or null when it is malformed, altered or forged. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [id, signed, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !signed || !UUID.test(id)) return null;
  const expected = signature(secret, UNSUBSCRIBE_PURPOSE, id);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== signed) return null;
  return timingSafeEqual(given, expected) ? id : null;
}

/** The token of the unsubscribe link in a campaign's test send: it unsubscribes nobody. */
export const TEST_SEND_UNSUBSCRIBE_TOKEN = 'test-send';

export function unsubscribeUrl(publicUrl: string, token: string): string {
  return publicLink(publicUrl, '/unsubscribe', { token });
}
