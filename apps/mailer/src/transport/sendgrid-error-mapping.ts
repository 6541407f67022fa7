import {
  MailOutcomeUnknownError,
  MailProviderUnavailableError,
  MailRateLimitedError,
  MailRejectedError,
  type MailTransportError,
} from './transport-errors';

const MIN_RATE_LIMIT_WAIT_MS = 1_000;
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

interface ProviderFailure {
  code?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; body?: unknown };
}

const header = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
};

/** Milliseconds to wait from SendGrid's `X-RateLimit-Reset` (epoch seconds) or `Retry-After` (seconds). */
function rateLimitWaitMs(headers: Record<string, unknown> | undefined, now = Date.now()): number {
  const reset = Number(header(headers, 'X-RateLimit-Reset'));
  const retryAfter = Number(header(headers, 'Retry-After'));
  const fromReset = Number.isFinite(reset) && reset > 0 ? reset * 1_000 - now : 0;
  const fromRetryAfter = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : 0;
  return Math.max(fromReset, fromRetryAfter, MIN_RATE_LIMIT_WAIT_MS);
}

/** Maps an error from `@sendgrid/client` (a ResponseError or an axios network error) to our terms. */
export function mapSendGridError(error: unknown): MailTransportError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ProviderFailure;
  const status = typeof failure.code === 'number' ? failure.code : undefined;
  if (status === 429) return new MailRateLimitedError(rateLimitWaitMs(failure.response?.headers));
  if (status !== undefined && status >= 500)
    return new MailProviderUnavailableError(`SendGrid answered ${status}`);
  if (status !== undefined && status >= 400) {
    return new MailRejectedError(status, JSON.stringify(failure.response?.body ?? null).slice(0, 500));
  }
  if (typeof failure.code === 'string' && NOT_CONNECTED_CODES.has(failure.code)) {
    return new MailProviderUnavailableError(`SendGrid unreachable (${failure.code})`);
  }
  return new MailOutcomeUnknownError(`SendGrid did not answer: ${String(failure.message ?? failure.code)}`);
}
