import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class UndeliverableEmailError extends AppError<'undeliverable_email'> {
  readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor() {
    super('undeliverable_email', 'email: is not an address that can receive mail', [
      { field: 'email', messages: ['is not an address that can receive mail'] },
    ]);
  }
}
