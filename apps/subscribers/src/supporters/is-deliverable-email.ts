import { registerDecorator } from 'class-validator';
import { parseEmailAddress } from './email-address';

export const UNDELIVERABLE_EMAIL = 'is not an address that can receive mail';

/**
 * Validates a request field as an address mail can reach (`parseEmailAddress`), so a bad address
 * is reported with the body's other field errors in one 400 rather than after them.
 */
export function IsDeliverableEmail(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDeliverableEmail',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: UNDELIVERABLE_EMAIL },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseEmailAddress(value) !== null,
      },
    });
}
