import Ajv2020 from 'ajv/dist/2020';
import { segmentRulesJsonSchema } from './json-schema';
import { parseSegmentRules } from './parse-segment-rules';
import { STARTER_SEGMENTS } from './starter-segments';

/** The schema a form builder reads must agree with the validator the API applies. */
describe('segmentRulesJsonSchema', () => {
  const validate = new Ajv2020({ strict: true, validateFormats: false }).compile(segmentRulesJsonSchema());
  const parses = (rules: unknown): boolean => {
    try {
      parseSegmentRules(rules);
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    ...STARTER_SEGMENTS.map((segment) => segment.rules),
    {
      all: [
        { field: 'subscription.status', op: 'eq', value: 'subscribed' },
        { field: 'donations.total', op: 'gte', value: 5000, within: 'P365D', campaign: 'spring' },
        { not: { field: 'tags', op: 'contains', value: 'volunteer' } },
      ],
    },
    {
      any: [
        { field: 'email.opened', op: 'exists', within: 'P30D' },
        { field: 'gift_aid.declared', op: 'eq', value: true },
      ],
    },
  ])('accepts what the validator accepts: %j', (rules) => {
    expect(parses(rules)).toBe(true);
    expect(validate(rules)).toBe(true);
  });

  it.each([
    { field: 'password', op: 'eq', value: 'x' },
    { field: 'tags', op: 'gt', value: 1 },
    { field: 'donations.total', op: 'gte' },
    { field: 'donations.total', op: 'gte', value: -1 },
    { field: 'recurring.status', op: 'eq', value: 'paused' },
    { field: 'tags', op: 'contains', value: 'x', within: 'P1D' },
    { all: [] },
    { not: { field: 'tags', op: 'contains', value: 'x' }, field: 'tags' },
  ])('rejects what the validator rejects: %j', (rules) => {
    expect(parses(rules)).toBe(false);
    expect(validate(rules)).toBe(false);
  });
});
