import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class OutboxMessageNotFoundError extends AppError<'outbox_message_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('outbox_message_not_found', `outbox message ${id} not found`);
  }
}
