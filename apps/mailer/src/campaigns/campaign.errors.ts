import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';
import { MailRateLimitedError, MailRejectedError, MailTransportError } from '../transport/transport-errors';

export type CampaignErrorCode =
  'not_found' | 'invalid' | 'wrong_state' | 'grace_period' | 'provider_unavailable' | 'provider_refused';

const STATUS: Record<CampaignErrorCode, HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  wrong_state: HttpStatus.CONFLICT,
  grace_period: HttpStatus.CONFLICT,
  provider_unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  provider_refused: HttpStatus.BAD_GATEWAY,
};

export class CampaignError extends AppError<CampaignErrorCode> {
  readonly httpStatus = STATUS[this.code];

  static notFound(id: string): CampaignError {
    return new CampaignError('not_found', `campaign ${id} not found`);
  }

  /** A field the caller can fix; `details` names it the way the validation pipe does. */
  static invalid(field: string, message: string): CampaignError {
    return new CampaignError('invalid', `${field}: ${message}`, [{ field, messages: [message] }]);
  }

  static wrongState(status: string, action: string): CampaignError {
    return new CampaignError('wrong_state', `cannot ${action} a campaign that is ${status}`);
  }

  /** A test send SendGrid did not take: busy or down (try again), or refused (it will not help). */
  static testNotSent(error: MailTransportError): CampaignError {
    if (error instanceof MailRejectedError) {
      return new CampaignError('provider_refused', `SendGrid refused the test message (${error.status})`);
    }
    const wait =
      error instanceof MailRateLimitedError ? `in ${Math.ceil(error.retryAfterMs / 1000)} s` : 'shortly';
    return new CampaignError(
      'provider_unavailable',
      `SendGrid did not take the test message; try again ${wait}`,
    );
  }
}
