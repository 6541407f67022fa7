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

/** A duplicate merged into another record: changes belong on the record it points to. */
export class SupporterMergedError extends AppError<'supporter_merged'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(id: string, into: string) {
    super('supporter_merged', `Supporter ${id} was merged into ${into}; change that record instead`);
  }
}
