import type { HttpStatus } from '@nestjs/common';

/**
 * Base for errors a module raises on purpose. Each module subclasses it with its own code enum; the
 * global filter maps it to the common error body with `httpStatus`.
 */
export abstract class AppError<Code extends string = string> extends Error {
  abstract readonly httpStatus: HttpStatus;

  constructor(
    readonly code: Code,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
