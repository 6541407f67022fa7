import { hasControlCharacters } from '@crm/values';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { normaliseUkPostcode, phoneE164, UK_COUNTRY } from '../postal-address';

/** A postcode that, when the address's `country` is GB (the default), is a full UK postcode. */
export function IsUkPostcodeWhenGb(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUkPostcodeWhenGb',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a full UK postcode, such as SW1A 1AA, when the country is GB' },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const country = (args.object as { country?: unknown }).country ?? UK_COUNTRY;
          if (country !== UK_COUNTRY) return true;
          return typeof value === 'string' && normaliseUkPostcode(value) !== null;
        },
      },
    });
}

/** A phone number libphonenumber-js finds valid (a UK number unless it starts with "+"). */
export function IsPhone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPhone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be a valid phone number (a UK number, or an international one starting with +)',
      },
      validator: {
        validate: (value: unknown) =>
          value === null || (typeof value === 'string' && phoneE164(value) !== null),
      },
    });
}

/** Every line of a list is one line: no line breaks, tabs or other control characters. */
export function EachSingleLine(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'eachSingleLine',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: 'each of $property must not contain line breaks, tabs or other control characters',
      },
      validator: {
        validate: (value: unknown) =>
          !Array.isArray(value) ||
          value.every((line) => typeof line !== 'string' || !hasControlCharacters(line)),
      },
    });
}
