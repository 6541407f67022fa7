import type { components } from '../../api/generated/subscribers';
import { personName } from '../../format';

export type Person = components['schemas']['DuplicateSupporterDto'];

export const nameOf = (person: Person): string =>
  personName(person.firstName, person.lastName, person.email ?? 'No name');
