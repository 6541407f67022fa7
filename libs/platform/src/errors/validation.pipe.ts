import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, invalidFields } from './field-error';

/** Flattens nested validation errors into `a.b[2].c`-style field paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Validates DTOs, rejects unknown fields, and names the bad fields in the 400 it answers (the first
 * MAX_LISTED_PROBLEMS of them). RequestShapePipe runs first, so no body reaching class-transformer
 * is deeper or wider than a real request.
 */
export const apiValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
