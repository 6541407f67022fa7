import { fieldError } from '@crm/platform';
import type { DonationsConfig } from '../config/donations.config';

export type ReturnUrlField = 'successUrl' | 'cancelUrl';

/**
 * Where a Stripe Checkout may send the donor back to: this app's own origin, the origins of the
 * configured success and cancel pages, and the organisation's website (EMBED_ORIGINS). Anything
 * else would let anyone make a genuine checkout page of the charity that ends on their own site.
 */
export function allowedReturnOrigins(config: DonationsConfig): ReadonlySet<string> {
  return new Set([
    new URL(config.DONATIONS_PUBLIC_URL).origin,
    new URL(config.DONATION_SUCCESS_URL).origin,
    new URL(config.DONATION_CANCEL_URL).origin,
    ...config.EMBED_ORIGINS,
  ]);
}

/** Refuses a return URL off the allowed origins, or one carrying a user name or password, with a 400 naming it. */
export function checkReturnUrl(
  field: ReturnUrlField,
  value: string | undefined,
  allowed: ReadonlySet<string>,
): void {
  if (value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fieldError(field, 'must be an absolute http(s) URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw fieldError(field, 'must not contain a user name or password');
  }
  if (!allowed.has(url.origin)) {
    throw fieldError(field, "must be on this site or the organisation's website (EMBED_ORIGINS)");
  }
}
