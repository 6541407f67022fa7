import type { Client } from 'pg';
import { renderSql } from '@crm/sql';
import type { SubscriptionFilter } from '../apps/subscribers/src/supporters/dto/list-supporters.dto';
import { supporterSearchQuery } from '../apps/subscribers/src/supporters/supporters.queries';
import { connectBenchDatabase } from './seed/bench-database';

/**
 * The staff supporter search (`GET /supporters?q=`) at a million supporters: the query the app
 * sends, built by the same function, for texts that match nobody, a full name, part of an
 * address, an email prefix and two letters, each run RUNS times with a different text of the same
 * kind (p50 and p95), and a filtered search and a second page. The baseline is the same query in
 * the same run with the search indexes dropped (inside a transaction rolled back afterwards).
 */
const RUNS = 40;
const BASELINE_RUNS = 3;
const PAGE = 50;

const FIRST = ['Alex', 'Sam', 'Jo', 'Priya', 'Tom', 'Aisha', 'Chris', 'Mei'];
const LAST = ['Smith', 'Jones', 'Patel', 'Brown', 'Khan', 'Taylor', 'Evans', 'Wilson'];

interface Case {
  name: string;
  /** The search for run `n`: texts vary between runs so no answer is simply the previous one. */
  search: (run: number) => { q?: string; tag?: string; status?: SubscriptionFilter };
  baseline: boolean;
  /** Measure the second page (after the first page's last row) instead of the first. */
  secondPage?: boolean;
}

const CASES: Case[] = [
  { name: 'no match ("zzqx17 nobody")', search: (run) => ({ q: `zzqx${run} nobody` }), baseline: true },
  {
    name: 'full name ("Sam Smith")',
    search: (run) => ({ q: `${FIRST[run % 8]} ${LAST[Math.floor(run / 8) % 8]}` }),
    baseline: true,
  },
  {
    name: 'part of an address ("gmail")',
    search: (run) => ({ q: ['gmail', 'hotmail', 'yahoo', 'outlook', 'icloud'][run % 5] }),
    baseline: true,
  },
  {
    name: 'email prefix ("supporter48213")',
    search: (run) => ({ q: `supporter${10_000 + ((run * 7919) % 89_000)}` }),
    baseline: true,
  },
  {
    name: 'two letters ("Jo", prefix)',
    search: (run) => ({ q: ['Jo', 'Sa', 'Pa', 'Ke'][run % 4] }),
    baseline: true,
  },
  { name: 'two letters, no match ("Zq")', search: (run) => ({ q: `Z${'qxjv'[run % 4]}` }), baseline: false },
  {
    name: '"gmail" + tag press + subscribed',
    search: (run) => ({ q: ['gmail', 'hotmail'][run % 2], tag: 'press', status: 'subscribed' }),
    baseline: false,
  },
  {
    name: 'second page of "Sam Smith"',
    search: (run) => ({ q: `${FIRST[run % 8]} ${LAST[Math.floor(run / 8) % 8]}` }),
    baseline: false,
    secondPage: true,
  },
];

const percentile = (sorted: number[], share: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];

type Row = { id: string; created_at: Date };

/** One search and its time; for a second page the first page is fetched first, untimed. */
async function search(client: Client, benchCase: Case, run: number): Promise<{ ms: number; rows: Row[] }> {
  const filters = benchCase.search(run);
  let after = null;
  if (benchCase.secondPage) {
    const first = renderSql(supporterSearchQuery({ ...filters, take: PAGE + 1 }));
    const last = (await client.query<Row>(first.text, first.values)).rows[PAGE - 1];
    if (last) after = { at: last.created_at.toISOString(), id: last.id };
  }
  const query = renderSql(supporterSearchQuery({ ...filters, after, take: PAGE + 1 }));
  const started = process.hrtime.bigint();
  const { rows } = await client.query<Row>(query.text, query.values);
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, rows };
}

/** Sorted times of `runs` searches after one warm-up, and the rows the average page held. */
async function measure(
  client: Client,
  benchCase: Case,
  runs: number,
): Promise<{ times: number[]; found: number }> {
  await search(client, benchCase, 0);
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run < runs; run += 1) {
    const { ms, rows } = await search(client, benchCase, run);
    times.push(ms);
    found += Math.min(rows.length, PAGE);
  }
  return { times: times.sort((a, b) => a - b), found: Math.round(found / runs) };
}

async function withoutSearchIndexes<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('DROP INDEX supporters_search_trgm, supporters_full_name_prefix');
    return await work();
  } finally {
    await client.query('ROLLBACK');
  }
}

async function main(): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const client = await connectBenchDatabase(out);
  try {
    const [{ supporters }] = (await client.query('SELECT count(*)::int AS supporters FROM supporters')).rows;
    out(
      `${supporters} supporters; ${RUNS} searches per row after a warm-up, pages of ${PAGE}; ` +
        `baseline: median of ${BASELINE_RUNS} with the search indexes dropped\n`,
    );
    out('| search | rows on the page | p50 | p95 | baseline (no search indexes) | p95 ratio |');
    out('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const benchCase of CASES) {
      const { times, found } = await measure(client, benchCase, RUNS);
      const p95 = percentile(times, 0.95);
      let baseline = '–';
      let ratio = '–';
      if (benchCase.baseline) {
        const bare = await withoutSearchIndexes(client, () => measure(client, benchCase, BASELINE_RUNS));
        const median = percentile(bare.times, 0.5);
        baseline = `${median.toFixed(0)} ms`;
        ratio = `${(p95 / median).toFixed(3)}×`;
      }
      out(
        `| ${benchCase.name} | ${found} | ${percentile(times, 0.5).toFixed(1)} ms | ` +
          `${p95.toFixed(1)} ms | ${baseline} | ${ratio} |`,
      );
    }
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
