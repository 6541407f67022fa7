import { registerDecorator, type ValidationArguments } from 'class-validator';
import { endsNotBefore, parseInstant } from '@crm/values';

const instantOf = (value: unknown): Date | null => (typeof value === 'string' ? parseInstant(value) : null);

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
          const start = instantOf((args.object as Record<string, unknown>)[startProperty]);
          return typeof value !== 'string' || start === null || endsNotBefore(start, value) !== false;
        },
      },
    });
}
