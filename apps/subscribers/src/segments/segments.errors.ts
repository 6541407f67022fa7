import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

export class SegmentNotFoundError extends AppError<'segment_not_found'> {
  readonly httpStatus = HttpStatus.NOT_FOUND;

  constructor(id: string) {
    super('segment_not_found', `Segment ${id} not found`);
  }
}

/** Built-in segments are read-only, names are unique, and a segment a live campaign targets stays. */
export class SegmentConflictError extends AppError<
  'segment_builtin' | 'segment_in_use' | 'segment_name_taken'
> {
  readonly httpStatus = HttpStatus.CONFLICT;
}

/** A preview or listing that ran past its time limit: the caller should narrow the segment. */
export class SegmentTooSlowError extends AppError<'segment_query_timeout'> {
  readonly httpStatus = HttpStatus.SERVICE_UNAVAILABLE;

  constructor() {
    super('segment_query_timeout', 'The segment took too long to evaluate; try again or narrow it');
  }
}
