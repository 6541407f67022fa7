import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class SupporterNotFoundError extends AppError<'supporter_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('supporter_not_found', `Supporter ${id} not found`);
  }
}

export class SupporterErasedError extends AppError<'supporter_erased'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(id: string) {
    super('supporter_erased', `Supporter ${id} has been erased`);
  }
}
