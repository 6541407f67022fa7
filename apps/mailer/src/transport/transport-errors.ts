/**
 * How a provider request went wrong, in the terms dispatch decides on: whether the provider may
 * have accepted the mail matters more than the status code.
 */
export abstract class MailTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** 429: nothing was accepted; wait `retryAfterMs` before the next request. */
export class MailRateLimitedError extends MailTransportError {
  constructor(readonly retryAfterMs: number) {
    super(`SendGrid rate limit; retry in ${retryAfterMs} ms`);
  }
}

/** 5xx or the connection was refused: nothing was accepted, a retry is safe. */
export class MailProviderUnavailableError extends MailTransportError {}

/** No answer in time or the connection dropped mid-request: the mail may or may not have been accepted. */
export class MailOutcomeUnknownError extends MailTransportError {}

/** 4xx other than 429: the request itself is wrong; retrying will not help. */
export class MailRejectedError extends MailTransportError {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`SendGrid rejected the request (${status}): ${detail}`);
  }
}
