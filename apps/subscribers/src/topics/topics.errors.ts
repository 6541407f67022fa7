import { AppError, type FieldError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class TopicNotFoundError extends AppError<'topic_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('topic_not_found', `Topic ${id} not found`);
  }
}

/** A 409 naming the field (in `details` too), so a form can say it beside the name. */
export class TopicNameTakenError extends AppError<'topic_name_taken'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(name: string) {
    const problem = `there is already a topic called “${name}”: choose another name`;
    super('topic_name_taken', `name: ${problem}`, [
      { field: 'name', messages: [problem] },
    ] satisfies FieldError[]);
  }
}
