import { Param, ParseUUIDPipe } from '@nestjs/common';
import { fieldError } from '../errors/field-error';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => fieldError(name, 'must be a UUID') }));
