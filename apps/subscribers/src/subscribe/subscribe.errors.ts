import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';
import { UNDELIVERABLE_EMAIL } from '../supporters/is-deliverable-email';

export class UndeliverableEmailError extends AppError<'undeliverable_email'> {
  readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor() {
    super('undeliverable_email', `email: ${UNDELIVERABLE_EMAIL}`, [
      { field: 'email', messages: [UNDELIVERABLE_EMAIL] },
    ]);
  }
}
