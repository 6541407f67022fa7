import { type Choice, choiceOfRule, choicesFor } from './choices';
import type { FieldInfo } from './schema';

/** Units of a period ("12 months"): ISO-8601 duration letters. */
export type PeriodUnit = 'D' | 'W' | 'M' | 'Y';

export interface ConditionDraft {
  kind: 'condition';
  id: string;
  negate: boolean;
  field: string;
  choice: string;
  /** What was typed: one entry per input (two for a range), or the items of a list. */
  values: string[];
  unit: PeriodUnit;
  /** "In the last N units" for fields with a window; '' means at any time. */
  within: string;
  withinUnit: PeriodUnit;
  /** Only gifts to this fundraising campaign; '' means any. */
  campaign: string;
}

export interface GroupDraft {
  kind: 'group';
  id: string;
  negate: boolean;
  match: 'all' | 'any';
  children: NodeDraft[];
}

export type NodeDraft = ConditionDraft | GroupDraft;
export type Rule = Record<string, unknown>;

let nextId = 0;
const newId = (): string => `node-${(nextId += 1)}`;

export const emptyCondition = (): ConditionDraft => ({
  kind: 'condition',
  id: newId(),
  negate: false,
  field: '',
  choice: '',
  values: [],
  unit: 'M',
  within: '',
  withinUnit: 'M',
  campaign: '',
});

export const emptyGroup = (match: 'all' | 'any' = 'all'): GroupDraft => ({
  kind: 'group',
  id: newId(),
  negate: false,
  match,
  children: [emptyCondition()],
});

const isRecord = (value: unknown): value is Rule =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Values: typed text ⇄ what the API takes.

/** "1,250.50" or "£12" → pence; null when it is not an amount of money. */
export function penceOf(text: string): number | null {
  const cleaned = text.replace(/[£,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

export const poundsText = (pence: number): string =>
  pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);

/** "31/12/2025" → "2025-12-31"; null when it is not a real date. */
export function isoDateOf(text: string): string | null {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const ukDateText = (iso: string): string => {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}/${month}/${year}`;
};

const periodOf = (amount: string, unit: PeriodUnit): string | null =>
  /^\d+$/.test(amount.trim()) && Number(amount) > 0 ? `P${Number(amount)}${unit}` : null;

const parsePeriod = (value: string): { amount: string; unit: PeriodUnit } | null => {
  const match = /^P(\d+)([DWMY])$/.exec(value);
  return match ? { amount: match[1]!, unit: match[2] as PeriodUnit } : null;
};

type Converted = { value?: unknown; problem?: string };

function valueOf(choice: Choice, draft: ConditionDraft): Converted {
  const [first = '', second = ''] = draft.values;
  const filled = draft.values.map((value) => value.trim()).filter(Boolean);
  switch (choice.input) {
    case 'none':
      return { value: choice.fixed };
    case 'enum':
    case 'campaign':
      return first ? { value: first } : { problem: 'Choose a value.' };
    case 'enum-list':
    case 'campaign-list':
    case 'tag-list':
      return filled.length > 0 ? { value: filled } : { problem: 'Choose at least one.' };
    case 'text':
    case 'tag':
      return first.trim() ? { value: first.trim() } : { problem: 'Type a value.' };
    case 'text-list': {
      const items = first
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0 ? { value: items } : { problem: 'Type at least one value.' };
    }
    case 'money':
    case 'number': {
      const amount =
        choice.input === 'money' ? penceOf(first) : /^\d+$/.test(first.trim()) ? Number(first) : null;
      if (amount === null)
        return {
          problem:
            choice.input === 'money' ? 'Type an amount in pounds, e.g. 50 or 12.50.' : 'Type a whole number.',
        };
      return { value: amount };
    }
    case 'money-range':
    case 'number-range': {
      const parse = (text: string) =>
        choice.input === 'money-range' ? penceOf(text) : /^\d+$/.test(text.trim()) ? Number(text) : null;
      const [low, high] = [parse(first), parse(second)];
      if (low === null || high === null)
        return {
          problem: choice.input === 'money-range' ? 'Type both amounts in pounds.' : 'Type both numbers.',
        };
      return low <= high
        ? { value: [low, high] }
        : { problem: 'The first must not be more than the second.' };
    }
    case 'date': {
      const iso = isoDateOf(first);
      return iso ? { value: iso } : { problem: 'Type a date as DD/MM/YYYY.' };
    }
    case 'date-range': {
      const [from, to] = [isoDateOf(first), isoDateOf(second)];
      if (!from || !to) return { problem: 'Type both dates as DD/MM/YYYY.' };
      return from <= to ? { value: [from, to] } : { problem: 'The first date must not be after the second.' };
    }
    case 'period': {
      const period = periodOf(first, draft.unit);
      return period ? { value: period } : { problem: 'Type how many days, weeks, months or years.' };
    }
  }
}

function draftValues(choice: Choice, value: unknown): Pick<ConditionDraft, 'values' | 'unit'> | null {
  const list = Array.isArray(value) ? value.map(String) : [];
  switch (choice.input) {
    case 'none':
      return { values: [], unit: 'M' };
    case 'money':
      return typeof value === 'number' ? { values: [poundsText(value)], unit: 'M' } : null;
    case 'money-range':
      return list.length === 2 ? { values: list.map((pence) => poundsText(Number(pence))), unit: 'M' } : null;
    case 'date':
      return typeof value === 'string' ? { values: [ukDateText(value)], unit: 'M' } : null;
    case 'date-range':
      return list.length === 2 && list.every((item) => !item.startsWith('P'))
        ? { values: list.map(ukDateText), unit: 'M' }
        : null;
    case 'period': {
      const period = typeof value === 'string' ? parsePeriod(value) : null;
      return period ? { values: [period.amount], unit: period.unit } : null;
    }
    case 'text-list':
      return { values: [list.join(', ')], unit: 'M' };
    default:
      return { values: Array.isArray(value) ? list : [String(value)], unit: 'M' };
  }
}

// Trees: drafts ⇄ rules.

export interface Built {
  rule: Rule | null;
  /** What is missing or wrong, by the id of the condition or group. */
  problems: Map<string, string>;
}

/** The rule tree the API takes, or the problems that stop one being made yet. */
export function toRules(root: GroupDraft, fields: readonly FieldInfo[]): Built {
  const problems = new Map<string, string>();
  const byName = new Map(fields.map((field) => [field.name, field]));
  const build = (node: NodeDraft): Rule | null => {
    let rule: Rule | null;
    if (node.kind === 'group') {
      if (node.children.length === 0) problems.set(node.id, 'Add a condition to this group, or remove it.');
      const children = node.children.map(build);
      rule = children.every((child) => child !== null) ? { [node.match]: children } : null;
    } else {
      const field = byName.get(node.field);
      const choice = field && choicesFor(field).find((entry) => entry.key === node.choice);
      if (!field || !choice) {
        problems.set(node.id, field ? 'Choose a condition.' : 'Choose what to look at.');
        return null;
      }
      const { value, problem } = valueOf(choice, node);
      if (problem) {
        problems.set(node.id, problem);
        return null;
      }
      rule = { field: field.name, op: choice.op };
      if (value !== undefined) rule.value = value;
      if (field.window && node.within) {
        const within = periodOf(node.within, node.withinUnit);
        if (!within) {
          problems.set(node.id, 'Type how many days, weeks, months or years, or choose “at any time”.');
          return null;
        }
        rule.within = within;
      }
      if (field.campaign && node.campaign.trim()) rule.campaign = node.campaign.trim();
    }
    return rule && node.negate ? { not: rule } : rule;
  };
  const rule = build(root);
  return { rule: problems.size === 0 ? rule : null, problems };
}

/** Thrown when stored rules use something the builder cannot show (it offers the JSON instead). */
export class UnshownRuleError extends Error {}

/** The drafts for stored rules; the root is always a group. */
export function fromRules(rule: unknown, fields: readonly FieldInfo[]): GroupDraft {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const read = (node: unknown): NodeDraft => {
    if (!isRecord(node)) throw new UnshownRuleError('not a rule');
    if ('not' in node) {
      const inner = read(node.not);
      if (!inner.negate) return { ...inner, negate: true };
      return { kind: 'group', id: newId(), negate: true, match: 'all', children: [inner] };
    }
    for (const match of ['all', 'any'] as const) {
      if (match in node) {
        const children = node[match];
        if (!Array.isArray(children)) throw new UnshownRuleError(`${match} is not a list`);
        return { kind: 'group', id: newId(), negate: false, match, children: children.map(read) };
      }
    }
    const field = byName.get(String(node.field));
    const choice = field && choiceOfRule(field, String(node.op), node.value);
    const values = choice && draftValues(choice, node.value);
    if (!field || !choice || !values) throw new UnshownRuleError(`cannot show ${String(node.field)}`);
    const within = typeof node.within === 'string' ? parsePeriod(node.within) : null;
    if (typeof node.within === 'string' && !within) throw new UnshownRuleError('unusual window');
    return {
      ...emptyCondition(),
      field: field.name,
      choice: choice.key,
      ...values,
      within: within?.amount ?? '',
      withinUnit: within?.unit ?? 'M',
      campaign: typeof node.campaign === 'string' ? node.campaign : '',
    };
  };
  const root = read(rule);
  return root.kind === 'group'
    ? root
    : { kind: 'group', id: newId(), negate: false, match: 'all', children: [root] };
}

// Edits: each returns a new tree with one node replaced or removed.

export function replaceNode(root: GroupDraft, id: string, next: NodeDraft | null): GroupDraft {
  const visit = (node: NodeDraft): NodeDraft | null => {
    if (node.id === id) return next;
    if (node.kind === 'condition') return node;
    const children = node.children.map(visit).filter((child): child is NodeDraft => child !== null);
    return { ...node, children };
  };
  return visit(root) as GroupDraft;
}
