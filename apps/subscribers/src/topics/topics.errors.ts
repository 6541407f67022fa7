import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class TopicNotFoundError extends AppError<'topic_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('topic_not_found', `Topic ${id} not found`);
  }
}

export class TopicNameTakenError extends AppError<'topic_name_taken'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(name: string) {
    super('topic_name_taken', `name: a topic called "${name}" already exists`);
  }
}
