import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { apiError } from './errors';
import type { paths as ConsolePaths } from './generated/console';
import type { paths as DonationsPaths } from './generated/donations';
import type { paths as MailerPaths } from './generated/mailer';
import type { paths as SubscribersPaths } from './generated/subscribers';
import { getCsrfToken, sessionEnded } from './session-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds the CSRF header to writes; turns every non-2xx answer into a thrown ApiError. */
const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    const token = getCsrfToken();
    if (token && !SAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', token);
    return request;
  },
  async onResponse({ response }) {
    if (response.ok) return response;
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => null);
    if (response.status === 401) sessionEnded();
    throw apiError(response, body);
  },
};

function clientFor<P extends object>(baseUrl: string): Client<P> {
  const client = createClient<P>({ baseUrl, credentials: 'same-origin' });
  client.use(sessionMiddleware);
  return client;
}

/** The three apps through the console's same-origin proxy, typed from their OpenAPI documents. */
export const donationsApi = clientFor<DonationsPaths>('/api/donations');
export const subscribersApi = clientFor<SubscribersPaths>('/api/subscribers');
export const mailerApi = clientFor<MailerPaths>('/api/mailer');
/** The console's own routes (its paths already start with /api/auth, /api/staff, /api/audit-log). */
export const consoleApi = clientFor<ConsolePaths>('');

/**
 * openapi-fetch answers `{ data, error }`; the middleware has already thrown for errors, so this
 * returns the data, for use as a TanStack Query function.
 */
export async function unwrap<T>(request: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data } = await request;
  return data as T;
}
