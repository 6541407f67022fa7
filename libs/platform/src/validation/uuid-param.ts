import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';

const NOT_A_UUID = 'must be a UUID';

/** A path parameter that must be a UUID; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new BadRequestException({
          message: `${name}: ${NOT_A_UUID}`,
          details: [{ field: name, messages: [NOT_A_UUID] }],
        }),
    }),
  );
