import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class SuppressionNotFoundError extends AppError<'suppression_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(email: string) {
    super('suppression_not_found', `${email} is not suppressed`);
  }
}
