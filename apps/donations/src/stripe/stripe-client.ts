import Stripe from 'stripe';
import type { DonationsConfig } from '../config/donations.config';

export const STRIPE_CLIENT = Symbol('STRIPE_CLIENT');

/** Stripe SDK client, or null when no secret key is configured (checkout then answers 503). */
export type StripeClient = Stripe | null;

/** `STRIPE_API_URL` (tests, local stand-ins) becomes the SDK's host, port and protocol. */
function apiLocation(apiUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

export function createStripeClient(config: DonationsConfig): StripeClient {
  if (!config.STRIPE_SECRET_KEY) return null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    ...apiLocation(config.STRIPE_API_URL),
    timeout: config.STRIPE_TIMEOUT_MS,
    maxNetworkRetries: 1,
    appInfo: { name: 'supporter-crm' },
  });
}
