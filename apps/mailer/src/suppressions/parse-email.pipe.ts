import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { isEmail } from 'class-validator';

/** Route parameters that must be an email address; anything else is a 400 naming the parameter. */
export class ParseEmailPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}

  transform(value: string): string {
    if (!isEmail(value)) throw new BadRequestException(`${this.name}: must be an email address`);
    return value;
  }
}
