import { renderSql } from '@crm/sql';
import { segmentCondition } from './compile-segment';
import { mailableMember, mailableSupporter } from './mailable';
import { segmentCountSql, segmentMembersSql, segmentPageSql, segmentPreviewSql } from './member-queries';
import { parseSegmentRules } from './parse-segment-rules';
import fixture from './testing/compiled-sql.fixture.json';

/**
 * The SQL the compiler sends, held still: the fixture was recorded from the compiler as it stood
 * before the two-pass rewrite (commit 5b910ac): the starter segments, the nested segment of
 * `bench/segments.ts`, and 300 random rule trees (fast-check, fixed seeds). The statement must stay
 * the same, so the planner's choices, and the benchmark's figures, cannot move. Placeholders may be
 * numbered differently, so both sides are compared with each `$n` replaced by `$?` and the values
 * listed in the order their placeholders appear.
 */
interface Statement {
  text: string;
  values: unknown[];
}

function normalised({ text, values }: Statement): Statement {
  const used = [...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1]));
  expect(new Set(used).size).toBe(values.length);
  return { text: text.replace(/\$\d+/g, '$?'), values: used.map((n) => values[n - 1]) };
}

const now = new Date(fixture.now);
const after = '33333333-3333-4333-8333-333333333333';

describe('the compiled SQL is the statement recorded before the two-pass rewrite', () => {
  it.each(fixture.cases.map((recorded) => [recorded.name, recorded] as const))('%s', (_name, recorded) => {
    const compiled = renderSql(segmentCondition(parseSegmentRules(recorded.rules), 's', { now }));
    expect(normalised(compiled)).toEqual(normalised({ text: recorded.where, values: recorded.params }));
  });

  it.each(fixture.queries.map((recorded) => [`${recorded.name}: ${recorded.query}`, recorded] as const))(
    '%s',
    (_name, recorded) => {
      const rule = parseSegmentRules(fixture.cases.find((known) => known.name === recorded.name)!.rules);
      const options = { now };
      const query = {
        count: () => segmentCountSql(rule, options),
        preview: () => segmentPreviewSql(rule, 20, options),
        'first page': () => segmentPageSql(rule, { limit: 51 }, options),
        'next page': () => segmentPageSql(rule, { after, limit: 51 }, options),
        members: () => segmentMembersSql(rule, options),
      }[recorded.query]!();
      expect(normalised(renderSql(query))).toEqual(normalised(recorded));
    },
  );

  it('keeps the eligibility tests', () => {
    expect(renderSql(mailableSupporter('s'))).toEqual({ text: fixture.mailableSupporter, values: [] });
    expect(renderSql(mailableMember('s'))).toEqual({ text: fixture.mailableMember, values: [] });
  });
});
