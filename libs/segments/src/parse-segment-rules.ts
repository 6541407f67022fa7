import { fieldSpec, FIELD_NAMES, isSegmentField, KIND_OPERATORS } from './fields';
import {
  type ConditionValue,
  OPERATORS,
  type Operator,
  type SegmentCondition,
  type SegmentRule,
} from './rule';
import { SegmentRuleError } from './segment-rule.error';
import { isDurationText, isRuleText, RULE_LIMITS, valueShape } from './value-shapes';

const CONDITION_KEYS = new Set(['field', 'op', 'value', 'within', 'campaign']);
const COMBINATORS = ['all', 'any', 'not'] as const;

type Json = Record<string, unknown>;

const fail = (field: string, message: string): never => {
  throw new SegmentRuleError([{ field, messages: [message] }]);
};

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const quote = (value: unknown): string => JSON.stringify(value)?.slice(0, 60) ?? String(value);

/**
 * Validates a rule tree from outside (HTTP body, stored JSON) and returns it typed. Throws
 * SegmentRuleError naming the first bad node by path (`rules.all[2].op`) and what was expected.
 */
export function parseSegmentRules(input: unknown, root = 'rules'): SegmentRule {
  const budget = { nodes: 0 };
  return parseNode(input, root, 1, budget);
}

function parseNode(node: unknown, path: string, depth: number, budget: { nodes: number }): SegmentRule {
  if (depth > RULE_LIMITS.depth) fail(path, `rules nest at most ${RULE_LIMITS.depth} levels deep`);
  if (++budget.nodes > RULE_LIMITS.nodes) fail(path, `a rule tree has at most ${RULE_LIMITS.nodes} nodes`);
  if (!isObject(node)) return fail(path, 'expected an object: a condition or one of all, any, not');
  const combinator = COMBINATORS.find((key) => key in node);
  if (!combinator) return parseCondition(node, path);
  const extra = Object.keys(node).find((key) => key !== combinator);
  if (extra !== undefined) fail(`${path}.${extra}`, `unexpected property beside "${combinator}"`);
  const child = node[combinator];
  if (combinator === 'not') return { not: parseNode(child, `${path}.not`, depth + 1, budget) };
  if (!Array.isArray(child) || child.length === 0) {
    return fail(`${path}.${combinator}`, 'expected a non-empty array of rules');
  }
  const rules = child.map((entry, index) =>
    parseNode(entry, `${path}.${combinator}[${index}]`, depth + 1, budget),
  );
  return combinator === 'all' ? { all: rules } : { any: rules };
}

function parseCondition(node: Json, path: string): SegmentCondition {
  const unknownKey = Object.keys(node).find((key) => !CONDITION_KEYS.has(key));
  if (unknownKey !== undefined) {
    fail(
      `${path}.${unknownKey}`,
      `unknown property; expected all, any, not or field, op, value, within, campaign`,
    );
  }
  const { field, op, value, within, campaign } = node;
  if (typeof field !== 'string' || !isSegmentField(field)) {
    return fail(`${path}.field`, `unknown field ${quote(field)}; expected one of ${FIELD_NAMES.join(', ')}`);
  }
  const spec = fieldSpec(field);
  const allowed = KIND_OPERATORS[spec.kind];
  if (typeof op !== 'string' || !allowed.includes(op as Operator)) {
    const known = OPERATORS.includes(op as Operator) ? 'operator' : 'unknown operator';
    return fail(
      `${path}.op`,
      `${known} ${quote(op)} does not apply to ${field}; expected one of ${allowed.join(', ')}`,
    );
  }
  const shape = valueShape(spec, op as Operator);
  const absent = value === undefined;
  if (!(absent && shape.optional) && !shape.accepts(value)) {
    fail(`${path}.value`, `expected ${shape.expected} for ${field} ${op}`);
  }
  if (within !== undefined && (!spec.window || !isDurationText(within))) {
    fail(
      `${path}.within`,
      spec.window ? 'expected an ISO-8601 duration such as P30D or P1Y' : `${field} takes no window`,
    );
  }
  if (campaign !== undefined && (!spec.campaign || !isRuleText(campaign))) {
    fail(`${path}.campaign`, spec.campaign ? 'expected a campaign name' : `${field} takes no campaign`);
  }
  return {
    field,
    op: op as Operator,
    ...(absent
      ? {}
      : { value: field === 'supporter.email_domain' ? lowerCased(value) : (value as ConditionValue) }),
    ...(within === undefined ? {} : { within: within as string }),
    ...(campaign === undefined ? {} : { campaign: campaign as string }),
  };
}

/** Addresses are stored normalised to lower case, so domains are compared lower case too. */
function lowerCased(value: unknown): ConditionValue {
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map((entry) => String(entry).toLowerCase());
  return value as ConditionValue;
}
