import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';
import Stripe from 'stripe';

export type PaymentProviderErrorCode =
  'not_configured' | 'unavailable' | 'rejected' | 'idempotency_key_reused';

/** Stripe could not do what we asked. Never leaks the SDK's message, which may name keys or ids. */
export class PaymentProviderError extends AppError<PaymentProviderErrorCode> {
  get httpStatus(): HttpStatus {
    if (this.code === 'idempotency_key_reused') return HttpStatus.CONFLICT;
    return this.code === 'rejected' ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
  }

  static notConfigured(): PaymentProviderError {
    return new PaymentProviderError(
      'not_configured',
      'Online payments are not configured: set STRIPE_SECRET_KEY to enable checkout',
    );
  }
}

/** Maps an error thrown by the Stripe SDK to a clear 502/503 (409 for a reused Idempotency-Key). */
export function paymentProviderError(error: unknown): PaymentProviderError {
  const unreachable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError;
  if (unreachable) {
    return new PaymentProviderError('unavailable', 'The payment provider is unavailable; please try again');
  }
  // The caller's own Idempotency-Key, sent again with a different request: theirs to fix.
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new PaymentProviderError(
      'idempotency_key_reused',
      'Idempotency-Key was already used for a different checkout request',
    );
  }
  return new PaymentProviderError('rejected', 'The payment provider rejected the request');
}
