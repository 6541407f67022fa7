import { renderSql } from '@crm/sql';
import {
  parseSegmentRules,
  SEGMENT_QUERY_SETTINGS,
  segmentCountSql,
  segmentPreviewSql,
  STARTER_SEGMENTS,
} from '@crm/segments';
import type { Client, QueryResult } from 'pg';
import { profileStatement } from './segment-profile';
import { connectBenchDatabase } from './seed/bench-database';

/**
 * Segment preview at a million supporters: each starter segment and a three-level nested one are
 * previewed through the compiler (counts + first 20 members, as `POST /segments/preview` does)
 * and compared with a hand-written query of the same meaning, in the same session. With
 * `BENCH_PROFILE=1` each is also run once under EXPLAIN ANALYZE and its costliest plan nodes printed;
 * `BENCH_ONLY=<text>` runs only the segments whose name contains it.
 */
const PROFILE = process.env.BENCH_PROFILE === '1';
const ONLY = process.env.BENCH_ONLY;
const RUNS = 5;
const NOW = new Date();
const daysAgo = (days: number): string => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const yearsAgo = (years: number): string => {
  const date = new Date(NOW.getTime());
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString();
};

const COUNTED = "d.status IN ('succeeded', 'partially_refunded')";
/**
 * Eligibility written by hand from the supporter row (its copy of the subscription state) and the
 * suppressions. Where the per-supporter giving summary answers the question (last gift date, never
 * gave), the hand-written SQL reads it too, as anyone writing it against this schema would.
 */
const handCount = (from: string, where = 'TRUE'): string => `
  SELECT count(*)::int AS count,
         count(*) FILTER (WHERE s.erased_at IS NULL AND s.email_normalised IS NOT NULL AND s.newsletter_confirmed
           AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = s.email_normalised))::int AS mailable
  FROM supporters s ${from}
  WHERE ${where}`;

const NESTED = {
  any: [
    {
      all: [
        { field: 'tags', op: 'contains', value: 'volunteer' },
        { not: { field: 'donations.count', op: 'gt', value: 0 } },
      ],
    },
    {
      all: [
        { field: 'donations.total', op: 'gte', value: 10000, within: 'P1Y' },
        {
          any: [
            { field: 'gift_aid.declared', op: 'eq', value: true },
            { field: 'email.opened', op: 'exists', value: true, within: 'P90D' },
          ],
        },
      ],
    },
  ],
};

interface Case {
  name: string;
  rules: unknown;
  handWritten: { text: string; values: unknown[] };
}

const starter = (name: string): unknown => STARTER_SEGMENTS.find((segment) => segment.name === name)?.rules;

const CASES: Case[] = [
  {
    name: 'Lapsed donors (LYBUNT)',
    rules: starter('Lapsed donors (LYBUNT)'),
    handWritten: {
      text: handCount(
        'JOIN supporter_giving g ON g.supporter_id = s.id',
        'g.last_paid_at >= $1 AND g.last_paid_at < $2',
      ),
      values: [yearsAgo(2), yearsAgo(1)],
    },
  },
  {
    name: 'Monthly donors',
    rules: starter('Monthly donors'),
    handWritten: {
      text: handCount(`JOIN (SELECT DISTINCT r.supporter_id FROM recurring_donations r WHERE r.status = 'active') m
        ON m.supporter_id = s.id`),
      values: [],
    },
  },
  {
    name: 'New subscribers (30 days)',
    rules: starter('New subscribers (30 days)'),
    handWritten: {
      text: handCount(
        'JOIN newsletter_subscriptions ns ON ns.supporter_id = s.id',
        `ns.status = 'subscribed' AND ns.confirmed_at > $1`,
      ),
      values: [daysAgo(30)],
    },
  },
  {
    name: 'Major donors',
    rules: starter('Major donors'),
    handWritten: {
      text: handCount(`JOIN (SELECT d.supporter_id FROM donations d WHERE ${COUNTED} AND d.paid_at >= $1
        GROUP BY d.supporter_id HAVING sum(d.amount - d.refunded_amount) >= 50000) major ON major.supporter_id = s.id`),
      values: [yearsAgo(1)],
    },
  },
  {
    name: 'Nested (3 levels)',
    rules: NESTED,
    handWritten: {
      text: handCount(
        `LEFT JOIN (SELECT d.supporter_id FROM donations d WHERE ${COUNTED} AND d.paid_at >= $1
           GROUP BY d.supporter_id HAVING sum(d.amount - d.refunded_amount) >= 10000) recent ON recent.supporter_id = s.id`,
        `(s.tags @> '{volunteer}' AND NOT EXISTS (SELECT 1 FROM supporter_giving g WHERE g.supporter_id = s.id))
         OR (recent.supporter_id IS NOT NULL AND (
              EXISTS (SELECT 1 FROM gift_aid_declarations g WHERE g.supporter_id = s.id AND g.cancelled_at IS NULL)
              OR EXISTS (SELECT 1 FROM email_events e WHERE e.supporter_id = s.id AND e.type = 'open' AND e.occurred_at >= $2)))`,
      ),
      values: [yearsAgo(1), daysAgo(90)],
    },
  },
];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}

/**
 * Each statement once to warm the cache, then RUNS rounds running each in turn, and each one's
 * median: interleaved, so a host whose load changes during the run slows both sides of a ratio alike.
 */
async function interleavedMedians<T>(works: (() => Promise<T>)[]): Promise<{ ms: number; result: T }[]> {
  for (const work of works) await work();
  const runs: { ms: number; result: T }[][] = works.map(() => []);
  for (let run = 0; run < RUNS; run += 1) {
    for (const [index, work] of works.entries()) runs[index].push(await timed(work));
  }
  return runs.map((timings) => timings.sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]);
}

async function inSegmentSession<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN READ ONLY');
  try {
    for (const setting of SEGMENT_QUERY_SETTINGS) await client.query(setting);
    return await work();
  } finally {
    await client.query('ROLLBACK');
  }
}

type Counts = QueryResult<{ count: number; mailable: number }>;

/** Runs a statement inside a segment session, as the API does. */
const run = (client: Client, statement: { text: string; values: unknown[] }) => (): Promise<Counts> =>
  inSegmentSession(client, () => client.query(statement.text, statement.values));

async function main(): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const client = await connectBenchDatabase(out);
  try {
    const [{ supporters, donations }] = (
      await client.query(
        'SELECT (SELECT count(*) FROM supporters)::int AS supporters, (SELECT count(*) FROM donations)::int AS donations',
      )
    ).rows;
    out(
      `${supporters} supporters, ${donations} donations; median of ${RUNS} interleaved runs after a warm-up\n`,
    );
    out(
      '| segment | members | mailable | preview (counts + 20) | compiled counts | hand-written counts | counts ratio | preview ratio |',
    );
    out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    const profiles: string[] = [];
    for (const benchCase of CASES.filter((candidate) => !ONLY || candidate.name.includes(ONLY))) {
      const rule = parseSegmentRules(benchCase.rules);
      const previewSql = renderSql(segmentPreviewSql(rule, 20, { now: NOW }));
      const countSql = renderSql(segmentCountSql(rule, { now: NOW }));
      const [whole, compiled, hand] = await interleavedMedians([
        run(client, previewSql),
        run(client, countSql),
        run(client, benchCase.handWritten),
      ]);
      const same = JSON.stringify(compiled.result.rows[0]) === JSON.stringify(hand.result.rows[0]);
      out(
        `| ${benchCase.name} | ${whole.result.rows[0].count} | ${whole.result.rows[0].mailable} | ${whole.ms.toFixed(0)} ms | ` +
          `${compiled.ms.toFixed(0)} ms | ${hand.ms.toFixed(0)} ms${same ? '' : ' (DIFFERENT ANSWER)'} | ` +
          `${(compiled.ms / hand.ms).toFixed(2)}× | ${(whole.ms / hand.ms).toFixed(2)}× |`,
      );
      if (PROFILE) {
        const previewPlan = await inSegmentSession(client, () => profileStatement(client, previewSql));
        const handPlan = await inSegmentSession(client, () =>
          profileStatement(client, benchCase.handWritten),
        );
        profiles.push(`\n${benchCase.name}, preview:`, ...previewPlan, 'hand-written counts:', ...handPlan);
      }
    }
    for (const line of profiles) out(line);
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
