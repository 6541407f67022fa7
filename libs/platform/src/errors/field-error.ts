import { BadRequestException } from '@nestjs/common';

/** A 400 naming the field, in the platform's error body shape (`field: message`, with details). */
export const fieldError = (field: string, message: string): BadRequestException =>
  new BadRequestException({ message: `${field}: ${message}`, details: [{ field, messages: [message] }] });
