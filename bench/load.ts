import { randomUUID } from 'node:crypto';
import { seedSubscribedAudience, sendCampaign } from './load/campaign-audience';
import { type LatencySummary, runFixedRate, SLOW_MS, summarise } from './load/fixed-rate';
import { LOAD_WEBHOOK_SECRET, LoadSystem } from './load/load-system';
import { MixedTraffic, type TrafficLosses } from './load/mixed-traffic';

/**
 * `npm run bench:load`: the same fixed-rate mix of sign-ups, checkouts, signed webhooks and staff
 * reads for BENCH_LOAD_SECONDS (60) against the three apps running as processes, first with nothing
 * else going on (the baseline), then while a BENCH_LOAD_RECIPIENTS (100,000) campaign dispatches.
 * An earlier campaign to the same people is sent first, so both phases list a campaign of that size.
 * Prints p50/p99/max per route side by side, errors, and what was acknowledged but lost.
 */
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const RECIPIENTS = Number(process.env.BENCH_LOAD_RECIPIENTS ?? 100_000);
const SETTLE_MS = 120_000;
/**
 * BENCH_LOAD_WARMUP_SECONDS (10): the mix runs this long, unmeasured, before the first phase, so
 * neither phase times the apps' first requests (code compiled on first use, pools opening).
 */
const WARMUP_SECONDS = Number(process.env.BENCH_LOAD_WARMUP_SECONDS ?? 10);
/** BENCH_LOAD_ONLY: a pattern of the routes to run (e.g. `campaigns|bare`), to measure one on a busy host. */
const ONLY = new RegExp(process.env.BENCH_LOAD_ONLY ?? '.');
/** `GET /campaigns` p99 during a dispatch may be at most this many times its p99 without one. */
const CAMPAIGN_LIST_TARGET = 1.5;

interface Phase {
  summaries: LatencySummary[];
  losses: TrafficLosses;
}

const print = (line: string): void => void process.stdout.write(`${line}\n`);
const ms = (value: number): string => value.toFixed(1).padStart(8);

async function phase(system: LoadSystem, tag: string, seconds = SECONDS): Promise<Phase> {
  const traffic = new MixedTraffic(
    {
      donations: system.apps.donations.url,
      subscribers: system.apps.subscribers.url,
      mailer: system.apps.mailer.url,
      bare: system.bare.url,
    },
    system.adminBearer,
    LOAD_WEBHOOK_SECRET,
    tag,
  );
  const samples = await runFixedRate(
    traffic.routes().filter((route) => ONLY.test(route.route)),
    seconds,
  );
  return { summaries: samples.map(summarise), losses: await traffic.losses(system.db, SETTLE_MS) };
}

/** Read from the kept per-campaign counts: the sampler must not itself scan the ledger it measures. */
async function dispatchProgress(
  system: LoadSystem,
  campaignId: string,
): Promise<{ status: string; sent: number }> {
  const [row] = (await system.db.query(
    `SELECT c.status, (SELECT coalesce(sum(n), 0)::int FROM campaign_recipient_counts k
                       WHERE k.campaign_id = c.id AND k.status NOT IN ('queued', 'failed', 'uncertain', 'skipped')) AS sent
     FROM campaigns c WHERE c.id = $1`,
    [campaignId],
  )) as { status: string; sent: number }[];
  return row!;
}

/** Waits until the campaign is no longer sending; answers its status. */
async function finished(system: LoadSystem, campaignId: string): Promise<string> {
  for (;;) {
    const { status } = await dispatchProgress(system, campaignId);
    if (status !== 'sending') return status;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

function report(baseline: Phase, loaded: Phase): number {
  print('');
  print(
    `route                        | no dispatch: p50     p99     max  err | ${RECIPIENTS.toLocaleString('en-GB')} dispatch: p50     p99     max  err | p99 ratio`,
  );
  baseline.summaries.forEach((quiet, index) => {
    const busy = loaded.summaries[index]!;
    print(
      `${quiet.route.padEnd(28)} | ${ms(quiet.p50)}${ms(quiet.p99)}${ms(quiet.max)} ${String(quiet.errors).padStart(4)} | ` +
        `${ms(busy.p50)}${ms(busy.p99)}${ms(busy.max)} ${String(busy.errors).padStart(4)} | ${(busy.p99 / quiet.p99).toFixed(2)}`,
    );
  });
  const requests = (phaseResult: Phase): number =>
    phaseResult.summaries.reduce((sum, route) => sum + route.requests, 0);
  const errors = [baseline, loaded]
    .flatMap((run) => run.summaries)
    .reduce((sum, route) => sum + route.errors, 0);
  const lost = [baseline, loaded].reduce(
    (sum, run) => sum + run.losses.webhooksWithoutDonation + run.losses.signUpsWithoutSupporter,
    0,
  );
  print(
    `requests: ${requests(baseline)} without dispatch, ${requests(loaded)} with; errors ${errors}; lost ${lost}`,
  );
  for (const [name, run] of [
    ['without dispatch', baseline],
    ['with dispatch', loaded],
  ] as const) {
    for (const route of run.summaries.filter((summary) => summary.errors > 0)) {
      print(`  ${name}: ${route.route} answered ${JSON.stringify(route.outcomes)}`);
    }
  }
  print(
    `  over ${SLOW_MS} ms (second:requests) without: ${slowBySecond(baseline)}; during: ${slowBySecond(loaded)}`,
  );
  print(
    `  lost detail: without dispatch ${JSON.stringify(baseline.losses)}, with ${JSON.stringify(loaded.losses)}`,
  );
  return errors + lost;
}

/** Requests slower than SLOW_MS, all routes but the floor, counted by second of the phase: when they fell. */
function slowBySecond(run: Phase): string {
  const counts = new Map<number, number>();
  for (const summary of run.summaries.filter((route) => !route.route.includes('floor'))) {
    for (const second of summary.slowStartsS) counts.set(second, (counts.get(second) ?? 0) + 1);
  }
  const seconds = [...counts].sort(([a], [b]) => a - b);
  return seconds.length ? seconds.map(([second, n]) => `${second}s:${n}`).join(' ') : 'none';
}

/** The figure issue 17 asks for: `GET /campaigns` p99 during the dispatch against without one. */
function printCampaignListRatio(baseline: Phase, loaded: Phase): void {
  const list = (run: Phase) => run.summaries.find((summary) => summary.route === 'GET /campaigns');
  const [quiet, busy] = [list(baseline), list(loaded)];
  if (!quiet || !busy) return;
  const ratio = busy.p99 / quiet.p99;
  print(`  slowest 2 % (second:ms) without: ${quiet.slowest.join(' ')}; during: ${busy.slowest.join(' ')}`);
  print(
    `GET /campaigns p99: ${quiet.p99.toFixed(1)} ms without a dispatch, ${busy.p99.toFixed(1)} ms during one: ` +
      `${ratio.toFixed(2)}× (target ≤ ${CAMPAIGN_LIST_TARGET}×: ${ratio <= CAMPAIGN_LIST_TARGET ? 'met' : 'missed'})`,
  );
}

async function main(): Promise<void> {
  print(`Starting the apps against a fresh database; ${SECONDS} s per phase`);
  const system = await LoadSystem.start(LoadSystem.distDir());
  try {
    const tag = randomUUID().slice(0, 8);
    const segmentId = await seedSubscribedAudience(system.db, RECIPIENTS, tag);
    print(`Seeded ${RECIPIENTS.toLocaleString('en-GB')} subscribed supporters`);

    // The campaign list has the same history in both phases: one earlier send to the same people.
    const earlier = await sendCampaign(
      system.apps.mailer.url,
      system.adminBearer,
      segmentId,
      `Earlier ${tag}`,
    );
    print(`An earlier campaign to them: ${await finished(system, earlier)}`);

    if (WARMUP_SECONDS > 0) {
      print(`Warm-up: the same mix for ${WARMUP_SECONDS} s, not measured`);
      await phase(system, `${tag}-w`, WARMUP_SECONDS);
    }
    print('Phase 1: mixed load, no dispatch (baseline)');
    const baseline = await phase(system, `${tag}-a`);

    print(
      `Phase 2: the same load while a ${RECIPIENTS.toLocaleString('en-GB')}-recipient campaign dispatches`,
    );
    const started = Date.now();
    const campaignId = await sendCampaign(
      system.apps.mailer.url,
      system.adminBearer,
      segmentId,
      `Load ${tag}`,
    );
    const timeline: string[] = [];
    const sampler = setInterval(() => {
      void dispatchProgress(system, campaignId).then((now) =>
        timeline.push(`${((Date.now() - started) / 1000).toFixed(0)}s:${now.sent}`),
      );
    }, 5_000);
    const loaded = await phase(system, `${tag}-b`).finally(() => clearInterval(sampler));
    print(`dispatch progress (seconds:recipients sent) ${timeline.join(' ')}`);
    const progress = await dispatchProgress(system, campaignId);
    print(
      `dispatch: ${progress.sent.toLocaleString('en-GB')} of ${RECIPIENTS.toLocaleString('en-GB')} sent, ` +
        `campaign ${progress.status}, ${((Date.now() - started) / 1000).toFixed(0)} s after it started`,
    );
    const failures = report(baseline, loaded);
    process.exitCode = failures === 0 ? 0 : 1;
    printCampaignListRatio(baseline, loaded);
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
