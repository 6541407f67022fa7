import { renderSql } from '@crm/sql';
import { plainSegmentCondition, segmentCondition } from './compile-segment';
import { parseSegmentRules } from './parse-segment-rules';
import { SegmentRuleError } from './segment-rule.error';

const problemOf = (input: unknown): { field: string; message: string } => {
  try {
    parseSegmentRules(input);
  } catch (error) {
    if (!(error instanceof SegmentRuleError)) throw error;
    return { field: error.problems[0].field, message: error.problems[0].messages[0] };
  }
  throw new Error('expected the rules to be rejected');
};

describe('parseSegmentRules', () => {
  it('accepts the DESIGN §4 example unchanged', () => {
    const rules = {
      all: [
        { field: 'subscription.status', op: 'eq', value: 'subscribed' },
        { field: 'donations.total', op: 'gte', value: 5000, within: 'P365D' },
        { not: { field: 'tags', op: 'contains', value: 'volunteer' } },
      ],
    };
    expect(parseSegmentRules(rules)).toEqual(rules);
  });

  it.each([
    [
      'the first of several bad nodes',
      { all: [{}, {}, { field: 'tags', op: 'gt', value: 1 }] },
      'rules.all[0].field',
    ],
    ['an operator wrong for its field', { any: [{ field: 'tags', op: 'gt', value: 1 }] }, 'rules.any[0].op'],
    ['an unknown field', { not: { field: 'password_hash', op: 'eq', value: 'x' } }, 'rules.not.field'],
    ['a value of the wrong shape', { field: 'donations.total', op: 'gte', value: '50' }, 'rules.value'],
    ['a fractional amount', { field: 'donations.total', op: 'gte', value: 10.5 }, 'rules.value'],
    ['a reversed range', { field: 'donations.count', op: 'between', value: [5, 1] }, 'rules.value'],
    [
      'a reversed date range',
      { field: 'supporter.created_at', op: 'between', value: ['2027-01-01', '2026-01-02'] },
      'rules.value',
    ],
    [
      'a date range ending the day before it starts',
      { field: 'supporter.created_at', op: 'between', value: ['2026-01-02T10:00:00Z', '2026-01-01'] },
      'rules.value',
    ],
    [
      'a status outside the list',
      { field: 'recurring.status', op: 'in', value: ['active', 'paused'] },
      'rules.value',
    ],
    ['a bad duration', { field: 'donations.total', op: 'gt', value: 1, within: '365 days' }, 'rules.within'],
    [
      'a window on a field without one',
      { field: 'tags', op: 'contains', value: 'x', within: 'P1D' },
      'rules.within',
    ],
    [
      'a campaign on a field without one',
      { field: 'tags', op: 'contains', value: 'x', campaign: 'a' },
      'rules.campaign',
    ],
    ['an unknown property', { field: 'tags', op: 'contains', value: 'x', sql: '1=1' }, 'rules.sql'],
    [
      'a combinator beside a condition',
      { all: [{ field: 'tags', op: 'contains', value: 'x' }], field: 'tags' },
      'rules.field',
    ],
    ['an empty all', { all: [] }, 'rules.all'],
    ['a non-object', ['all'], 'rules'],
    ['a bad date', { field: 'supporter.created_at', op: 'after', value: '2025-13-45' }, 'rules.value'],
    ['year 0', { field: 'supporter.created_at', op: 'after', value: '0000-01-01' }, 'rules.value'],
    [
      'a date past year 9999 in UTC',
      { field: 'supporter.created_at', op: 'before', value: '9999-12-31T23:59:59-14:00' },
      'rules.value',
    ],
    [
      'a window of hours beyond any date',
      { field: 'donations.total', op: 'gte', value: 1, within: 'PT99999999H' },
      'rules.within',
    ],
    [
      'a window too long to be a number',
      { field: 'donations.total', op: 'gte', value: 1, within: 'PT99999999999999999999H' },
      'rules.within',
    ],
    [
      'a campaign id that is not a UUID',
      { field: 'campaign.received', op: 'eq', value: "1' OR 1=1" },
      'rules.value',
    ],
  ])('rejects %s, naming the node', (_name, input, path) => {
    expect(problemOf(input).field).toBe(path);
  });

  it('says what was expected', () => {
    expect(problemOf({ field: 'tags', op: 'gt', value: 1 }).message).toBe(
      'operator "gt" does not apply to tags; expected one of contains, any_of, all_of, none_of',
    );
    expect(problemOf({ field: 'donations.total', op: 'gte', value: 'x' }).message).toContain(
      'non-negative integer',
    );
  });

  it('accepts a date range with a duration end in any order: time moves it, and a stored segment must stay valid', () => {
    const passed = { field: 'supporter.created_at', op: 'between', value: ['P30D', '2020-01-01'] };
    expect(parseSegmentRules(passed)).toEqual(passed);
  });

  it.each([
    ['field', { field: 'tags; DROP TABLE supporters', op: 'contains', value: 'x' }, 'rules.field'],
    ['operator', { field: 'tags', op: '= ANY(1) OR TRUE --', value: 'x' }, 'rules.op'],
    [
      'window',
      { field: 'donations.count', op: 'gt', value: 0, within: "P1D'; DROP TABLE x; --" },
      'rules.within',
    ],
  ])('rejects SQL in the %s', (_name, input, path) => {
    expect(problemOf(input)).toEqual({ field: path, message: expect.any(String) });
  });

  it('keeps SQL in values out of the statement: it travels only as a bound parameter', () => {
    const hostile = "x'); DELETE FROM supporters; --";
    const rule = parseSegmentRules({ any: [{ field: 'supporter.source', op: 'eq', value: hostile }] });
    for (const compiled of [segmentCondition(rule, 's'), plainSegmentCondition(rule, 's')]) {
      const { text, values } = renderSql(compiled);
      expect(text).not.toContain('DELETE');
      expect(values).toEqual([hostile]);
    }
  });

  it('limits depth and size so a huge tree never reaches the database', () => {
    let deep: object = { field: 'tags', op: 'contains', value: 'x' };
    for (let depth = 0; depth < 8; depth += 1) deep = { not: deep };
    expect(problemOf(deep).message).toContain('at most 8 levels');
    const wide = { any: Array.from({ length: 250 }, () => ({ field: 'tags', op: 'contains', value: 'x' })) };
    expect(problemOf(wide).message).toContain('at most 200 nodes');
    const long = {
      field: 'tags',
      op: 'any_of',
      value: Array.from({ length: 501 }, (_, index) => `t${index}`),
    };
    expect(problemOf(long).field).toBe('rules.value');
  });

  it('compares email domains in lower case', () => {
    expect(parseSegmentRules({ field: 'supporter.email_domain', op: 'in', value: ['Gmail.COM'] })).toEqual({
      field: 'supporter.email_domain',
      op: 'in',
      value: ['gmail.com'],
    });
  });
});
