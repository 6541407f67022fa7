import { hasControlCharacters } from '@crm/values';
import { registerDecorator } from 'class-validator';

export const HOLDS_CONTROL_CHARACTERS = 'must not contain line breaks, tabs or other control characters';

/**
 * One-line text such as a name or an email subject: refuses control characters (CR, LF, tab, …)
 * with a 400 naming the field. Non-strings are left to `IsString`.
 */
export function IsSingleLine(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSingleLine',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property ${HOLDS_CONTROL_CHARACTERS}` },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value) },
    });
}
