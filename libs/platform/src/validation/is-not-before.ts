import { registerDecorator, type ValidationArguments } from 'class-validator';
import { inOrder } from '@crm/values';

/**
 * The end of a period is not before its start (`to` not before `from`): a reversed range is a
 * mistake to name, not a question whose answer is "nothing". Either side missing or unreadable is
 * left to its own validators.
 */
export function IsNotBefore(startProperty: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [startProperty],
      options: { message: `$property must not be before ${startProperty}` },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const start = (args.object as Record<string, unknown>)[startProperty];
          return typeof value !== 'string' || typeof start !== 'string' || inOrder(start, value);
        },
      },
    });
}
