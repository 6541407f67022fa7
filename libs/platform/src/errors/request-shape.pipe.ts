import { type ArgumentMetadata, BadRequestException, type PipeTransform } from '@nestjs/common';
import { nulPaths } from '@crm/values';

export const HOLDS_NUL = 'must not contain a NUL character (\\u0000)';

/**
 * PostgreSQL cannot store a NUL in text or jsonb, so a name, search or rule value holding one
 * would fail its statement (a 500) wherever it went; it is refused up front, naming the field.
 */
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const fields = nulPaths(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (fields.length === 0) return value;
    throw new BadRequestException({
      message: fields.map((field) => `${field}: ${HOLDS_NUL}`).join('; '),
      details: fields.map((field) => ({ field, messages: [HOLDS_NUL] })),
    });
  }
}
