import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type CampaignErrorCode = 'not_found' | 'invalid' | 'wrong_state' | 'grace_period';

const STATUS: Record<CampaignErrorCode, HttpStatus> = {
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  wrong_state: HttpStatus.CONFLICT,
  grace_period: HttpStatus.CONFLICT,
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
}
