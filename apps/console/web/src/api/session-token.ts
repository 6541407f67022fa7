/**
 * The signed-in session's CSRF token, sent as X-CSRF-Token with every state-changing request. It
 * lives in memory only (the session cookie itself is HttpOnly); GET /api/auth/me hands it back on
 * a reload.
 */
let csrfToken: string | null = null;

export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};
export const getCsrfToken = (): string | null => csrfToken;

/** Called when any request answers 401: the session is over (expired, signed out elsewhere, disabled). */
let onSessionEnded: () => void = () => undefined;
export const whenSessionEnds = (handler: () => void): void => {
  onSessionEnded = handler;
};
export const sessionEnded = (): void => onSessionEnded();
