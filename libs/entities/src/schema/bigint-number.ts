import type { ValueTransformer } from 'typeorm';

/**
 * A `bigint` column read as a number: pg answers bigint as a string, and the sums it holds (money
 * in minor units) stay far below 2^53.
 */
export const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
