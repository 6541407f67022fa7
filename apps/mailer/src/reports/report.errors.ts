import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type ReportErrorCode = 'not_found';

export class ReportError extends AppError<ReportErrorCode> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  static campaignNotFound(id: string): ReportError {
    return new ReportError('not_found', `campaign ${id} not found`);
  }
}
