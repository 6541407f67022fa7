import { createHmac, timingSafeEqual } from 'node:crypto';
import { publicLink } from '@crm/auth';

/**
 * Links in receipts that let a donor manage a monthly gift without an account. The token names
 * the gift and carries an HMAC-SHA256 of that id under APP_SECRET, so it cannot be forged or
 * pointed at someone else's gift.
 */
const PURPOSE = 'donor-recurring';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const signature = (secret: string, recurringDonationId: string): Buffer =>
  createHmac('sha256', secret).update(`${PURPOSE}:${recurringDonationId}`).digest();

export function signDonorToken(secret: string, recurringDonationId: string): string {
  const id = recurringDonationId.toLowerCase();
  return `${id}.${signature(secret, id).toString('base64url')}`;
}

/** The monthly gift the token was signed for, or null when it is malformed, altered or forged. */
export function verifyDonorToken(secret: string, token: string): string | null {
  const [id, signed, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !signed || !UUID.test(id)) return null;
  const expected = signature(secret, id);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== signed) return null;
  return timingSafeEqual(given, expected) ? id : null;
}

export function donorManageUrl(publicUrl: string, secret: string, recurringDonationId: string): string {
  return publicLink(publicUrl, '/donor/recurring', { token: signDonorToken(secret, recurringDonationId) });
}
