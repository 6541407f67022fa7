import {
  RECIPIENT_STATUSES,
  RECURRING_STATUSES,
  DONATION_STATUSES,
  SUBSCRIPTION_STATUSES,
  NEWSLETTER_TOPIC_ID,
} from '@crm/entities';
import { renderSql, sql, type Sql } from '@crm/sql';
import fc from 'fast-check';
import { plainSegmentCondition, segmentCondition } from './compile-segment';
import { useDatabaseClient } from './testing/database-client';
import { evaluateSegment, type SupporterFacts } from './evaluate-segment';
import { FIELD_NAMES, fieldSpec, KIND_OPERATORS, type SegmentField } from './fields';
import { parseSegmentRules } from './parse-segment-rules';
import type { Operator } from './rule';
import { insertSupporterFacts } from './testing/insert-facts';

/**
 * Random rule trees over random supporters: the compiled SQL, and the plain SQL of the compiler's
 * first pass, must each pick exactly the supporters the in-memory evaluator picks. Stored times sit at 06:00 and every bound at noon or midnight, so no
 * case hinges on a tie at a boundary.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
/** Newsletter (every confirmed subscriber is on it by default) and a topic nobody chose. */
const TOPICS = [NEWSLETTER_TOPIC_ID, '33333333-3333-4333-8333-333333333333'];
const CAMPAIGNS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
const DATES = ['P30D', 'P6M', 'P1Y', 'P2Y', '2025-01-01', '2026-01-01T00:00:00Z'];
const WINDOWS = ['P30D', 'P1Y', 'P2Y'];
const AMOUNTS = [0, 1000, 2500, 5000, 20000, 50000];
const COUNTS = [0, 1, 2, 3];
const TEXTS: Partial<Record<SegmentField, string[]>> = {
  'supporter.source': ['website', 'petition', 'Event'],
  'supporter.email_domain': ['gmail.com', 'example.org', 'yahoo.co.uk'],
};
const TAGS = ['volunteer', 'event', 'donor'];

const daysAgo = fc
  .integer({ min: 0, max: 1500 })
  .map((days) => new Date(NOW.getTime() - days * 86_400_000 - 6 * 3_600_000));
const orNull = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const supporter = (index: number): fc.Arbitrary<SupporterFacts> =>
  fc.record({
    id: fc.uuid({ version: 4 }),
    createdAt: daysAgo,
    source: orNull(fc.constantFrom('website', 'petition', 'Event')),
    emailNormalised: orNull(
      fc.constantFrom('gmail.com', 'example.org', 'yahoo.co.uk').map((domain) => `p${index}@${domain}`),
    ),
    tags: fc.subarray(TAGS),
    subscription: orNull(
      fc.record({ status: fc.constantFrom(...SUBSCRIPTION_STATUSES), confirmedAt: orNull(daysAgo) }),
    ),
    donations: fc.array(
      fc.record({
        amount: fc.constantFrom(500, 2500, 5000, 20000, 60000),
        refundedAmount: fc.constantFrom(0, 250),
        status: fc.constantFrom(...DONATION_STATUSES),
        campaign: fc.constantFrom(null, 'spring', 'winter'),
        paidAt: orNull(daysAgo),
      }),
      { maxLength: 4 },
    ),
    monthlyGifts: fc.array(
      fc.record({ status: fc.constantFrom(...RECURRING_STATUSES), amount: fc.constantFrom(500, 1000, 2500) }),
      { maxLength: 2 },
    ),
    giftAidDeclarations: fc.array(fc.record({ cancelledAt: orNull(daysAgo) }), { maxLength: 2 }),
    emailEvents: fc.array(fc.record({ type: fc.constantFrom('open', 'click'), occurredAt: daysAgo }), {
      maxLength: 3,
    }),
    campaignsReceived: fc.uniqueArray(
      fc.record({
        campaignId: fc.constantFrom(...CAMPAIGNS),
        status: fc.constantFrom(...RECIPIENT_STATUSES),
      }),
      { maxLength: 2, selector: (entry) => entry.campaignId },
    ),
  });

const supporters = fc
  .integer({ min: 1, max: 12 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, index) => supporter(index))));

const pairOf = <T>(values: T[]) =>
  fc
    .tuple(fc.constantFrom(...values), fc.constantFrom(...values))
    .map(([a, b]) => (a <= b ? [a, b] : [b, a]));

/** Date ranges in order: durations oldest first, and calendar days, whose end covers its whole day. */
const CHRONOLOGICAL = ['P2Y', 'P1Y', 'P6M', 'P30D'];
const DATE_RANGE = fc.oneof(
  fc
    .tuple(fc.nat(CHRONOLOGICAL.length - 1), fc.nat(CHRONOLOGICAL.length - 1))
    .map(([a, b]) => [CHRONOLOGICAL[Math.min(a, b)], CHRONOLOGICAL[Math.max(a, b)]]),
  fc.constantFrom(['2024-01-01', '2025-01-01'], ['2025-01-01', '2025-01-01']),
);

function valueFor(field: SegmentField, op: Operator): fc.Arbitrary<unknown> {
  const spec = fieldSpec(field);
  const texts = TEXTS[field] ?? TAGS;
  const byKind: Record<string, () => fc.Arbitrary<unknown>> = {
    status: () =>
      op === 'in'
        ? fc.subarray([...(spec.values ?? [])], { minLength: 1 })
        : fc.constantFrom(...(spec.values ?? [])),
    text: () =>
      op === 'in'
        ? fc.subarray(texts, { minLength: 1 })
        : op === 'exists'
          ? fc.boolean()
          : op === 'contains'
            ? fc.constantFrom('EVE', 'co', 'site')
            : fc.constantFrom(...texts),
    tags: () => (op === 'contains' ? fc.constantFrom(...TAGS) : fc.subarray(TAGS, { minLength: 1 })),
    topics: () => (op === 'contains' ? fc.constantFrom(...TOPICS) : fc.subarray(TOPICS, { minLength: 1 })),
    date: () => (op === 'between' ? DATE_RANGE : op === 'exists' ? fc.boolean() : fc.constantFrom(...DATES)),
    amount: () => (op === 'between' ? pairOf(AMOUNTS) : fc.constantFrom(...AMOUNTS)),
    count: () => (op === 'between' ? pairOf(COUNTS) : fc.constantFrom(...COUNTS)),
    flag: () => fc.boolean(),
    activity: () => fc.boolean(),
    campaign: () => (op === 'in' ? fc.subarray(CAMPAIGNS, { minLength: 1 }) : fc.constantFrom(...CAMPAIGNS)),
  };
  return byKind[spec.kind]();
}

const condition = fc.constantFrom(...FIELD_NAMES).chain((field) => {
  const spec = fieldSpec(field);
  return fc.constantFrom(...KIND_OPERATORS[spec.kind]).chain((op) =>
    fc.record(
      {
        field: fc.constant(field),
        op: fc.constant(op),
        value: valueFor(field, op),
        within: spec.window ? fc.constantFrom(...WINDOWS) : fc.constant(undefined),
        campaign: spec.campaign ? fc.constantFrom('spring', 'winter') : fc.constant(undefined),
      },
      { requiredKeys: ['field', 'op', 'value'] },
    ),
  );
});

const { rule } = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    // Within the rule language's limits (8 levels, 200 nodes): deeper trees are refused by design.
    { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
    condition,
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    tie('rule').map((not) => ({ not })),
  ),
}));

describe('the segment compiler, both passes, agrees with the in-memory evaluator', () => {
  const db = useDatabaseClient();
  const selected = async (condition: Sql): Promise<string[]> => {
    const { text, values } = renderSql(sql`SELECT s.id FROM supporters s WHERE ${condition}`);
    const { rows } = await db().query<{ id: string }>(text, values);
    return rows.map((row) => row.id).sort();
  };

  it('selects the same supporters for random rule trees over random data', async () => {
    await fc.assert(
      fc.asyncProperty(supporters, fc.array(rule, { minLength: 1, maxLength: 4 }), async (people, inputs) => {
        await db().query('BEGIN');
        try {
          await insertSupporterFacts(db(), people);
          for (const input of inputs) {
            const parsed = parseSegmentRules(input);
            const options = { now: NOW };
            const expected = people
              .filter((person) => evaluateSegment(parsed, person, NOW))
              .map((person) => person.id)
              .sort();
            expect(await selected(segmentCondition(parsed, 's', options))).toEqual(expected);
            expect(await selected(plainSegmentCondition(parsed, 's', options))).toEqual(expected);
          }
        } finally {
          await db().query('ROLLBACK');
        }
      }),
      { numRuns: 80 },
    );
  });
});
