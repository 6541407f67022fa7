import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { type FieldError, invalidFields, MAX_LISTED_PROBLEMS } from './field-error';

/**
 * Bounds on the shape of a body, query or parameter, far beyond any real request (the deepest, a
 * segment's rule tree, stops at 8 levels of rules; the widest object has a dozen fields), and low
 * enough that class-transformer's work on an object (which grows with the square of its field
 * count) stays in microseconds.
 */
export const REQUEST_SHAPE_LIMITS = { depth: 32, fields: 100 } as const;

export const HOLDS_NUL = 'must not contain a NUL character (\\u0000)';
export const NESTS_TOO_DEEP = `nests more than ${REQUEST_SHAPE_LIMITS.depth} levels deep`;
export const tooManyFields = (count: number): string =>
  `has ${count} fields; at most ${REQUEST_SHAPE_LIMITS.fields} are accepted`;

/** Objects whose fields are walked: not bytes (an upload's Buffer is not read byte by byte) nor dates. */
const isWalkable = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Date);

interface Pending {
  value: unknown;
  path: string;
  depth: number;
}

/**
 * What is wrong with the shape of `value`: strings holding a NUL (PostgreSQL stores none in text
 * or jsonb), objects with too many fields, nesting too deep. The walk keeps its own stack, so no
 * depth of nesting can overflow the call stack, and it does not enter an object it refuses.
 * Only the first MAX_LISTED_PROBLEMS are kept; `total` counts them all.
 */
export function shapeProblems(value: unknown, root: string): { problems: FieldError[]; total: number } {
  const problems: FieldError[] = [];
  let total = 0;
  const report = (path: string, message: string): void => {
    total += 1;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ field: path || root, messages: [message] });
  };
  const pending: Pending[] = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: item, path, depth } = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) report(path, HOLDS_NUL);
      continue;
    }
    if (!isWalkable(item)) continue;
    if (depth >= REQUEST_SHAPE_LIMITS.depth) {
      report(path, NESTS_TOO_DEEP);
      continue;
    }
    if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) {
        pending.push({ value: item[index], path: `${path}[${index}]`, depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(item);
    if (keys.length > REQUEST_SHAPE_LIMITS.fields) {
      report(path, tooManyFields(keys.length));
      continue;
    }
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      pending.push({
        value: (item as Record<string, unknown>)[key],
        path: path ? `${path}.${key}` : key,
        depth: depth + 1,
      });
    }
  }
  return { problems, total };
}

/**
 * Runs before validation on every body, query and parameter. A NUL would fail its statement (a
 * 500) wherever it went; an object of 60,000 fields kept class-transformer busy for seconds; 2,000
 * levels of nesting overflowed the stack. Each is refused here with a 400 naming the field.
 */
export class RequestShapePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const root = metadata.type === 'param' ? (metadata.data ?? 'param') : metadata.type;
    const { problems, total } = shapeProblems(value, root);
    if (total === 0) return value;
    throw invalidFields(problems, total);
  }
}
