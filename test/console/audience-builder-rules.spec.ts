import { parseSegmentRules, segmentRulesJsonSchema, STARTER_SEGMENTS } from '@crm/segments';
import { choicesFor, type InputKind } from '../../apps/console/web/src/audiences/choices';
import {
  type ConditionDraft,
  emptyCondition,
  fromRules,
  type GroupDraft,
  toRules,
} from '../../apps/console/web/src/audiences/rule-model';
import { readSchema } from '../../apps/console/web/src/audiences/schema';

/**
 * The console's audience builder is generated from GET /segments/schema: these tests hold it to
 * the real schema, so a field or operator the API adds is either built correctly or fails here.
 */
const fields = readSchema(segmentRulesJsonSchema());
const SAMPLE_INPUT: Record<InputKind, string[]> = {
  none: [],
  enum: [],
  'enum-list': [],
  money: ['12.50'],
  'money-range': ['10', '1,000'],
  number: ['3'],
  'number-range': ['1', '5'],
  date: ['31/12/2025'],
  'date-range': ['01/01/2025', '31/12/2025'],
  period: ['12'],
  text: ['website'],
  'text-list': ['website, event'],
  tag: ['volunteer'],
  'tag-list': ['volunteer', 'london'],
  campaign: ['0b7c56a2-8a57-4c3e-9d55-1b1f0b8f5e10'],
  'campaign-list': ['0b7c56a2-8a57-4c3e-9d55-1b1f0b8f5e10'],
};
const root = (...children: ConditionDraft[]): GroupDraft => ({
  kind: 'group',
  id: 'root',
  negate: false,
  match: 'all',
  children,
});

describe('the audience builder’s rules', () => {
  it('offers every field of the rule language with every operator', () => {
    const schemaConditions = (
      segmentRulesJsonSchema().$defs as { condition: { oneOf: { title: string }[] } }
    ).condition.oneOf.map((condition) => condition.title);
    const offered = fields.flatMap((field) =>
      [...new Set(choicesFor(field).map((choice) => choice.op))].map((op) => `${field.name} ${op}`),
    );
    expect(offered.sort()).toEqual([...schemaConditions].sort());
  });

  it('builds, for every choice of every field, a rule the API accepts', () => {
    const refused: string[] = [];
    for (const field of fields) {
      for (const choice of choicesFor(field)) {
        const values = choice.enumValues ? [choice.enumValues[0]!] : SAMPLE_INPUT[choice.input];
        const draft = { ...emptyCondition(), field: field.name, choice: choice.key, values };
        const windowed = field.window ? { ...draft, within: '6', withinUnit: 'M' as const } : draft;
        const built = toRules(root(windowed), fields);
        try {
          parseSegmentRules(built.rule);
        } catch (error) {
          refused.push(
            `${field.name} ${choice.label}: ${[...built.problems.values()].join()} ${String(error)}`,
          );
        }
      }
    }
    expect(refused).toEqual([]);
  });

  it('shows every built-in audience and gives back the same rules', () => {
    for (const starter of STARTER_SEGMENTS) {
      const { rule, problems } = toRules(fromRules(starter.rules, fields), fields);
      expect(problems.size).toBe(0);
      // A single condition comes back inside the builder's top group.
      expect([starter.rules, { all: [starter.rules] }]).toContainEqual(rule);
    }
  });

  it('reads money in pounds and dates as DD/MM/YYYY, and says what is wrong otherwise', () => {
    const total = { ...emptyCondition(), field: 'donations.total', choice: 'gte' };
    expect(toRules(root({ ...total, values: ['£1,250.50'] }), fields).rule).toEqual({
      all: [{ field: 'donations.total', op: 'gte', value: 125050 }],
    });
    expect([...toRules(root({ ...total, values: ['lots'] }), fields).problems.values()]).toEqual([
      'Type an amount in pounds, e.g. 50 or 12.50.',
    ]);
    const since = { ...emptyCondition(), field: 'supporter.created_at', choice: 'after' };
    expect(toRules(root({ ...since, values: ['03/05/2026'] }), fields).rule).toEqual({
      all: [{ field: 'supporter.created_at', op: 'after', value: '2026-05-03' }],
    });
    expect([...toRules(root({ ...since, values: ['31/02/2026'] }), fields).problems.values()]).toEqual([
      'Type a date as DD/MM/YYYY.',
    ]);
    const recent = { ...since, choice: 'after:period', values: ['12'], unit: 'M' as const };
    expect(toRules(root(recent), fields).rule).toEqual({
      all: [{ field: 'supporter.created_at', op: 'after', value: 'P12M' }],
    });
  });

  it('keeps negation and nesting when reading rules back', () => {
    const rules = {
      any: [
        { not: { field: 'tags', op: 'contains', value: 'volunteer' } },
        { not: { all: [{ field: 'gift_aid.declared', op: 'eq', value: true }] } },
        { field: 'email.opened', op: 'exists', value: false, within: 'P3M' },
      ],
    };
    expect(toRules(fromRules(rules, fields), fields).rule).toEqual(rules);
  });
});
