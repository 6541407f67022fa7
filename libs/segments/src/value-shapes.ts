import { inOrder, parseInstant } from '@crm/values';
import { durationBefore, parseDuration } from './duration';
import type { FieldKind, FieldSpec } from './fields';
import type { Operator } from './rule';

export type JsonSchema = Record<string, unknown>;

export const RULE_LIMITS = {
  depth: 8,
  nodes: 200,
  listItems: 500,
  textLength: 200,
  amount: 1_000_000_000_00,
} as const;

/** What one operator of one field kind takes as its value: a test, its JSON Schema and words for errors. */
export interface ValueShape {
  expected: string;
  schema: JsonSchema;
  optional?: boolean;
  accepts(value: unknown): boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isRuleText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= RULE_LIMITS.textLength;

const MAX_DURATION_DAYS = 100_000;

export const isDurationText = (value: unknown): value is string => {
  if (typeof value !== 'string' || !value.startsWith('P')) return false;
  const duration = parseDuration(value);
  return (
    duration !== null &&
    duration.years <= 200 &&
    duration.months <= 2400 &&
    duration.days <= MAX_DURATION_DAYS &&
    duration.seconds <= MAX_DURATION_DAYS * 86_400
  );
};

/**
 * A date value is an ISO date / date-time (read as `IsInstant` reads one, so it is an instant
 * PostgreSQL can store), or a bounded ISO-8601 duration meaning "that long before now".
 */
export function resolveDate(value: string, now: Date): Date | null {
  if (!value.startsWith('P')) return parseInstant(value);
  return isDurationText(value) ? durationBefore(now, parseDuration(value)!) : null;
}

const isDateValue = (value: unknown): value is string =>
  typeof value === 'string' && resolveDate(value, new Date()) !== null;

const isAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= RULE_LIMITS.amount;

const list = (item: ValueShape): ValueShape => ({
  expected: `a non-empty array (at most ${RULE_LIMITS.listItems}) of ${item.expected}`,
  schema: { type: 'array', items: item.schema, minItems: 1, maxItems: RULE_LIMITS.listItems },
  accepts: (value) =>
    Array.isArray(value) &&
    value.length > 0 &&
    value.length <= RULE_LIMITS.listItems &&
    value.every((entry) => item.accepts(entry)),
});

const pair = <T>(item: ValueShape, ordered: (low: T, high: T) => boolean): ValueShape => ({
  expected: `[from, to] with two ${item.expected}`,
  schema: { type: 'array', items: item.schema, minItems: 2, maxItems: 2 },
  accepts: (value) =>
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((entry) => item.accepts(entry)) &&
    ordered(value[0] as T, value[1] as T),
});

const BOOLEAN: ValueShape = {
  expected: 'true or false',
  schema: { type: 'boolean' },
  accepts: (value) => typeof value === 'boolean',
};
const PRESENCE: ValueShape = { ...BOOLEAN, optional: true, expected: 'true or false (default true)' };
const TEXT: ValueShape = {
  expected: `a string of 1 to ${RULE_LIMITS.textLength} characters`,
  schema: { type: 'string', minLength: 1, maxLength: RULE_LIMITS.textLength },
  accepts: isRuleText,
};
const AMOUNT: ValueShape = {
  expected: 'a non-negative integer (minor units for money)',
  schema: { type: 'integer', minimum: 0, maximum: RULE_LIMITS.amount },
  accepts: isAmount,
};
const DATE: ValueShape = {
  expected: 'an ISO-8601 date or date-time, or a duration such as P30D meaning that long ago',
  schema: {
    type: 'string',
    pattern: '^(\\d{4}-\\d{2}-\\d{2}(T.+)?|P.+)$',
    examples: ['2025-01-01', 'P30D', 'P1Y'],
  },
  accepts: isDateValue,
};
const UUID_SHAPE: ValueShape = {
  expected: 'a campaign id (UUID)',
  schema: { type: 'string', format: 'uuid' },
  accepts: (value) => typeof value === 'string' && UUID.test(value),
};

const statusShape = (values: readonly string[]): ValueShape => ({
  expected: `one of ${values.join(', ')}`,
  schema: { enum: [...values] },
  accepts: (value) => typeof value === 'string' && values.includes(value),
});

const AMOUNT_RANGE = pair(AMOUNT, (low: number, high: number) => low <= high);
/**
 * A range of two dates must be in order (an end given as a calendar date covers its whole day).
 * Only absolute dates are compared: a range with a duration moves with time and may pass the other
 * end later, and a stored segment must not become invalid by the calendar alone (it then matches
 * nobody, as a range whose window has passed should).
 */
const DATE_RANGE = pair<string>(DATE, inOrder);

/** The value shape for `op` on a field, or null when the field does not take that operator. */
export function valueShape(spec: FieldSpec, op: Operator): ValueShape {
  const byKind: Record<FieldKind, () => ValueShape> = {
    status: () => (op === 'in' ? list(statusShape(spec.values ?? [])) : statusShape(spec.values ?? [])),
    text: () => (op === 'in' ? list(TEXT) : op === 'exists' ? PRESENCE : TEXT),
    tags: () => (op === 'contains' ? TEXT : list(TEXT)),
    topics: () => (op === 'contains' ? UUID_SHAPE : list(UUID_SHAPE)),
    date: () => (op === 'between' ? DATE_RANGE : op === 'exists' ? PRESENCE : DATE),
    amount: () => (op === 'between' ? AMOUNT_RANGE : AMOUNT),
    count: () => (op === 'between' ? AMOUNT_RANGE : AMOUNT),
    flag: () => BOOLEAN,
    activity: () => PRESENCE,
    campaign: () => (op === 'in' ? list(UUID_SHAPE) : UUID_SHAPE),
  };
  return byKind[spec.kind]();
}

export const DURATION_SCHEMA: JsonSchema = {
  type: 'string',
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
  examples: ['P30D', 'P365D', 'P1Y'],
};
