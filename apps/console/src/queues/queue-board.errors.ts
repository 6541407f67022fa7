import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export type QueueBoardErrorCode = 'queue_not_found' | 'job_not_found' | 'job_not_failed';

export class QueueBoardError extends AppError<QueueBoardErrorCode> {
  constructor(
    code: QueueBoardErrorCode,
    message: string,
    readonly httpStatus: HttpStatus,
  ) {
    super(code, message);
  }

  static queueNotFound(name: string): QueueBoardError {
    return new QueueBoardError('queue_not_found', `No queue is called ${name}`, HttpStatus.NOT_FOUND);
  }

  static jobNotFound(queue: string, id: string): QueueBoardError {
    return new QueueBoardError('job_not_found', `Queue ${queue} has no job ${id}`, HttpStatus.NOT_FOUND);
  }

  static notFailed(id: string, state: string): QueueBoardError {
    return new QueueBoardError(
      'job_not_failed',
      `Only a failed job can be retried here; job ${id} is ${state}`,
      HttpStatus.CONFLICT,
    );
  }
}
