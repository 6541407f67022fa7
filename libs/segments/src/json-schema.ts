import { FIELD_NAMES, fieldSpec, KIND_OPERATORS, type SegmentField } from './fields';
import type { Operator } from './rule';
import { DURATION_SCHEMA, type JsonSchema, RULE_LIMITS, valueShape } from './value-shapes';

function conditionSchema(field: SegmentField, op: Operator): JsonSchema {
  const spec = fieldSpec(field);
  const shape = valueShape(spec, op);
  return {
    type: 'object',
    title: `${field} ${op}`,
    additionalProperties: false,
    required: shape.optional ? ['field', 'op'] : ['field', 'op', 'value'],
    properties: {
      field: { const: field, description: spec.description },
      op: { const: op },
      value: { ...shape.schema, description: `Expected: ${shape.expected}` },
      ...(spec.window
        ? { within: { ...DURATION_SCHEMA, description: 'Only count the window before now' } }
        : {}),
      ...(spec.campaign
        ? {
            campaign: {
              type: 'string',
              minLength: 1,
              maxLength: RULE_LIMITS.textLength,
              description: 'Only this campaign',
            },
          }
        : {}),
    },
  };
}

const combinator = (key: 'all' | 'any'): JsonSchema => ({
  type: 'object',
  additionalProperties: false,
  required: [key],
  properties: { [key]: { type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' } } },
});

/** The rule language as JSON Schema (2020-12), built from the same tables the validator uses. */
export function segmentRulesJsonSchema(): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Segment rule',
    description: `A rule tree: combinators all, any, not over conditions; at most ${RULE_LIMITS.depth} levels and ${RULE_LIMITS.nodes} nodes`,
    $ref: '#/$defs/rule',
    $defs: {
      rule: {
        oneOf: [
          { $ref: '#/$defs/all' },
          { $ref: '#/$defs/any' },
          { $ref: '#/$defs/not' },
          { $ref: '#/$defs/condition' },
        ],
      },
      all: combinator('all'),
      any: combinator('any'),
      not: {
        type: 'object',
        additionalProperties: false,
        required: ['not'],
        properties: { not: { $ref: '#/$defs/rule' } },
      },
      condition: {
        oneOf: FIELD_NAMES.flatMap((field) =>
          KIND_OPERATORS[fieldSpec(field).kind].map((op) => conditionSchema(field, op)),
        ),
      },
    },
  };
}
