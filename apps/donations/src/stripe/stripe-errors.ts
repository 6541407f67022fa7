import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';
import Stripe from 'stripe';

export type PaymentProviderErrorCode = 'not_configured' | 'unavailable' | 'rejected';

/** Stripe could not do what we asked. Never leaks the SDK's message, which may name keys or ids. */
export class PaymentProviderError extends AppError<PaymentProviderErrorCode> {
  get httpStatus(): HttpStatus {
    return this.code === 'rejected' ? HttpStatus.BAD_GATEWAY : HttpStatus.SERVICE_UNAVAILABLE;
  }

  static notConfigured(): PaymentProviderError {
    return new PaymentProviderError(
      'not_configured',
      'Online payments are not configured: set STRIPE_SECRET_KEY to enable checkout',
    );
  }
}

/** Maps an error thrown by the Stripe SDK to a clear 502/503. */
export function paymentProviderError(error: unknown): PaymentProviderError {
  const unreachable =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError;
  if (unreachable) {
    return new PaymentProviderError('unavailable', 'The payment provider is unavailable; please try again');
  }
  return new PaymentProviderError('rejected', 'The payment provider rejected the request');
}
