/**
 * The text of a CHECK that a text column holds one of `values`, built from the same constant the
 * code's union type is built from, so the type, the entity and the migration name one list.
 * The schema test has PostgreSQL compare it with the constraint the migrations made.
 */
export const oneOf = (column: string, values: readonly string[]): string =>
  `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
