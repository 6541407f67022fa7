import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type StripeInboxErrorCode = 'event_not_stored' | 'event_not_queued';

/**
 * The inbox could not keep or queue a verified event. A 503, so that Stripe delivers it again
 * later: nothing is lost, and a redelivery of a stored event is not stored twice.
 */
export class StripeInboxError extends AppError<StripeInboxErrorCode> {
  readonly httpStatus = HttpStatus.SERVICE_UNAVAILABLE;

  static notStored(): StripeInboxError {
    return new StripeInboxError('event_not_stored', 'Could not store the event; please retry');
  }

  static notQueued(): StripeInboxError {
    return new StripeInboxError('event_not_queued', 'Could not queue the event; please retry');
  }
}
