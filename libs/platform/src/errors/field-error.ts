import { HttpStatus } from '@nestjs/common';
import { AppError } from './app-error';

/** One field a request got wrong, in the platform's error body (`details`). */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * Most problems one error body lists: a hostile body with 60,000 wrong fields would otherwise be
 * answered with a 6 MB list of them.
 */
export const MAX_LISTED_PROBLEMS = 20;

/** Input that names its bad fields: a 400 with code `invalid_fields` and the fields in `details`. */
export class InvalidFieldsError extends AppError<'invalid_fields'> {
  readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor(message: string, details: FieldError[]) {
    super('invalid_fields', message, details);
  }
}

/**
 * A 400 naming each bad field (`field: message; …`), with the list in `details`; past
 * MAX_LISTED_PROBLEMS the rest are counted, not listed. `total` counts problems found but not kept.
 */
export function invalidFields(problems: readonly FieldError[], total = problems.length): InvalidFieldsError {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const omitted = Math.max(total, problems.length) - listed.length;
  const named = listed.map((problem) => `${problem.field}: ${problem.messages.join(', ')}`).join('; ');
  const message =
    omitted > 0 ? `${named}; and ${omitted} more problem${omitted === 1 ? '' : 's'} not listed` : named;
  return new InvalidFieldsError(message || 'Invalid request', listed);
}

/** A 400 naming the field, in the platform's error body shape (`field: message`, with details). */
export const fieldError = (field: string, message: string): InvalidFieldsError =>
  invalidFields([{ field, messages: [message] }]);
