/**
 * The platform's error body (DESIGN §3): `{ statusCode, error, code?, message, details? }`, where a
 * 400's `details` lists `{ field, messages }`. Screens show `fieldErrors` next to their fields and
 * `message` above the form.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
    readonly fieldErrors: Readonly<Record<string, string>>,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for a field, matched on its last path segment too ("giftAid.postcode" → "postcode"). */
  forField(field: string): string | undefined {
    if (this.fieldErrors[field]) return this.fieldErrors[field];
    const match = Object.entries(this.fieldErrors).find(([name]) => name.split('.').pop() === field);
    return match?.[1];
  }
}

const FRIENDLY: Record<number, string> = {
  401: 'Your session has ended. Please sign in again.',
  403: 'Your role does not allow this. Ask an admin if you need it.',
  404: 'This was not found. It may have been removed.',
  409: 'Someone else changed this at the same time. Reload and try again.',
  413: 'That file is too large.',
  429: 'Too many attempts. Please wait a moment and try again.',
  500: 'Something went wrong on our side. Please try again.',
  502: 'The service is not answering. Please try again in a moment.',
  503: 'The service is busy or down. Please try again in a moment.',
};

/** Makes an ApiError from a failed response and its (possibly non-JSON) body. */
export function apiError(response: Response, body: unknown): ApiError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const fieldErrors: Record<string, string> = {};
  if (Array.isArray(record.details)) {
    for (const detail of record.details as unknown[]) {
      if (typeof detail !== 'object' || detail === null) continue;
      const { field, messages, message } = detail as {
        field?: unknown;
        messages?: unknown;
        message?: unknown;
      };
      if (typeof field !== 'string') continue;
      const text = Array.isArray(messages) ? messages.join(', ') : typeof message === 'string' ? message : '';
      if (text) fieldErrors[field] = sentence(text);
    }
  }
  const serverMessage = typeof record.message === 'string' ? record.message : '';
  const message =
    response.status >= 500 || !serverMessage
      ? (FRIENDLY[response.status] ?? `The request failed (${response.status}).`)
      : response.status === 403 && !record.code
        ? FRIENDLY[403]!
        : sentence(serverMessage);
  const retryAfter = Number(response.headers.get('Retry-After'));
  return new ApiError(
    response.status,
    message,
    typeof record.code === 'string' ? record.code : undefined,
    fieldErrors,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
  );
}

const sentence = (text: string): string => {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/** A readable message for anything thrown by a query or mutation. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The console cannot reach the server. Check your connection.';
  return 'Something went wrong. Please try again.';
}
