import { isActivityField, isTagField } from './labels';
import type { FieldInfo, OperatorInfo } from './schema';

/** What a condition's value is typed into. */
export type InputKind =
  | 'none'
  | 'enum'
  | 'enum-list'
  | 'money'
  | 'money-range'
  | 'number'
  | 'number-range'
  | 'date'
  | 'date-range'
  | 'period'
  | 'text'
  | 'text-list'
  | 'tag'
  | 'tag-list'
  | 'campaign'
  | 'campaign-list';

/**
 * One entry of the "condition" menu: an operator of the rule language, with the input its value
 * needs, in words. Some operators give two entries ("after" is both "in the last 12 months" and
 * "after 01/01/2026"; "exists" is "is known" and "is not known").
 */
export interface Choice {
  key: string;
  label: string;
  op: string;
  input: InputKind;
  /** Words after the inputs: "more than 12 months ago". */
  suffix?: string;
  /** The value this choice always sends (exists → true/false, yes/no flags). */
  fixed?: boolean;
  enumValues?: string[];
}

const COMPARE_LABELS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  in: 'is one of',
  contains: 'contains',
};

const TAG_LABELS: Record<string, string> = {
  contains: 'includes',
  any_of: 'includes any of',
  all_of: 'includes all of',
  none_of: 'includes none of',
};

const TOPIC_LABELS: Record<string, string> = {
  contains: 'is on',
  any_of: 'is on any of',
  all_of: 'is on all of',
  none_of: 'is on none of',
};

function choicesOf(field: FieldInfo, operator: OperatorInfo): Choice[] {
  const { op, value } = operator;
  const base = { key: op, op, label: COMPARE_LABELS[op] ?? op.replace(/_/g, ' ') };
  if (operator.optional || value.type === 'none') {
    const [yes, no] = isActivityField(field) ? ['did', 'did not'] : ['is known', 'is not known'];
    return [
      { ...base, key: op, label: yes, input: 'none', fixed: true },
      { ...base, key: `${op}:no`, label: no, input: 'none', fixed: false },
    ];
  }
  switch (value.type) {
    case 'boolean':
      return [
        { ...base, key: `${op}:yes`, label: 'yes', input: 'none', fixed: true },
        { ...base, key: `${op}:no`, label: 'no', input: 'none', fixed: false },
      ];
    case 'enum':
      return [{ ...base, input: value.list ? 'enum-list' : 'enum', enumValues: value.values }];
    case 'integer':
      return [
        {
          ...base,
          input: value.money
            ? value.range
              ? 'money-range'
              : 'money'
            : value.range
              ? 'number-range'
              : 'number',
        },
      ];
    case 'date':
      if (op === 'after')
        return [
          { ...base, key: 'after:period', label: 'in the last', input: 'period' },
          { ...base, label: 'is after', input: 'date' },
        ];
      if (op === 'before')
        return [
          { ...base, key: 'before:period', label: 'more than … ago', input: 'period', suffix: 'ago' },
          { ...base, label: 'is before', input: 'date' },
        ];
      return [{ ...base, input: value.range ? 'date-range' : 'date' }];
    case 'campaign': {
      const label = field.name === 'topics' ? (TOPIC_LABELS[op] ?? base.label) : base.label;
      return [{ ...base, label, input: value.list ? 'campaign-list' : 'campaign' }];
    }
    case 'text':
      if (isTagField(field.name))
        return [{ ...base, label: TAG_LABELS[op] ?? base.label, input: value.list ? 'tag-list' : 'tag' }];
      return [{ ...base, input: value.list ? 'text-list' : 'text' }];
  }
}

/** Dates read best with the relative choices first: "in the last 12 months" is the usual question. */
const DATE_ORDER = ['after:period', 'before:period', 'after', 'before', 'between'];
const rank = (choice: Choice): number => {
  const at = DATE_ORDER.indexOf(choice.key);
  return at === -1 || !['period', 'date', 'date-range'].includes(choice.input) ? DATE_ORDER.length : at;
};

/** The condition menu for a field: the schema's order of operators, relative dates first. */
export function choicesFor(field: FieldInfo): Choice[] {
  return field.operators
    .flatMap((operator) => choicesOf(field, operator))
    .map((choice, index) => ({ choice, index }))
    .sort((a, b) => rank(a.choice) - rank(b.choice) || a.index - b.index)
    .map(({ choice }) => choice);
}

/** The menu entry a stored condition was made with. */
export function choiceOfRule(field: FieldInfo, op: string, value: unknown): Choice | undefined {
  const candidates = choicesFor(field).filter((choice) => choice.op === op);
  return candidates.find((choice) => {
    if (choice.fixed !== undefined) return (value ?? true) === choice.fixed;
    if (choice.input === 'period') return typeof value === 'string' && value.startsWith('P');
    if (choice.input === 'date') return typeof value === 'string' && !value.startsWith('P');
    return true;
  });
}
