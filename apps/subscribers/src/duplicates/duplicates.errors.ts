import { AppError } from '@crm/platform';
import { HttpStatus } from '@nestjs/common';

/** One of the two records is an erasure tombstone: a merge would tie an erased person's history to a live one. */
export class MergeAcrossErasureError extends AppError<'merge_across_erasure'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(id: string) {
    super('merge_across_erasure', `Supporter ${id} has been erased; an erased record is never merged`);
  }
}

/** One of the two records was already merged into a third. */
export class AlreadyMergedError extends AppError<'supporter_already_merged'> {
  readonly httpStatus = HttpStatus.CONFLICT;

  constructor(id: string, into: string) {
    super('supporter_already_merged', `Supporter ${id} was already merged into ${into}`);
  }
}
