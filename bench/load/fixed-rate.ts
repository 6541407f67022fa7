/** One kind of request in the mix: how often, how to make one (resolving to its HTTP status) and what it should answer. */
export interface RouteLoad {
  route: string;
  perSecond: number;
  expect: number;
  send(n: number, signal: AbortSignal): Promise<number>;
}

export interface RouteSamples {
  route: string;
  latenciesMs: number[];
  /** When each answered request started, in seconds into the phase (same order as latenciesMs). */
  startsS: number[];
  errors: number;
  /** Answers by status, `network` and `timeout` included, and `shed` for requests never started. */
  outcomes: Record<string, number>;
}

const TICK_MS = 5;
/** A request unanswered after this long counts as an error: the run stays bounded. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Open-loop load: each route's requests start on their own fixed schedule whether or not earlier
 * ones have answered (so a slow server sees the queue grow, as it would from real users), with at
 * most `maxInFlight` outstanding per route.
 */
export async function runFixedRate(
  routes: RouteLoad[],
  seconds: number,
  maxInFlight = 200,
): Promise<RouteSamples[]> {
  const samples = routes.map((load) => ({ load, inFlight: 0, started: 0, result: sampleOf(load.route) }));
  const pending: Promise<void>[] = [];
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1_000;
  while (performance.now() < endAt) {
    const elapsed = performance.now() - startedAt;
    for (const entry of samples) {
      const due = Math.floor((elapsed / 1_000) * entry.load.perSecond);
      while (entry.started < due) {
        const n = entry.started++;
        if (entry.inFlight >= maxInFlight) {
          count(entry.result, 'shed', false);
          continue;
        }
        entry.inFlight += 1;
        const begun = performance.now();
        pending.push(
          entry.load
            .send(n, AbortSignal.timeout(REQUEST_TIMEOUT_MS))
            .then(String, (error: unknown) =>
              error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network',
            )
            .then((outcome) => {
              entry.inFlight -= 1;
              entry.result.latenciesMs.push(performance.now() - begun);
              entry.result.startsS.push((begun - startedAt) / 1_000);
              count(entry.result, outcome, outcome === String(entry.load.expect));
            }),
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  return samples.map((entry) => entry.result);
}

const sampleOf = (route: string): RouteSamples => ({
  route,
  latenciesMs: [],
  startsS: [],
  errors: 0,
  outcomes: {},
});

function count(samples: RouteSamples, outcome: string, ok: boolean): void {
  samples.outcomes[outcome] = (samples.outcomes[outcome] ?? 0) + 1;
  if (!ok) samples.errors += 1;
}

export interface LatencySummary {
  route: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  outcomes: Record<string, number>;
  /** The slowest 2 %: `second into the phase:milliseconds`, to see when in the phase they fell. */
  slowest: string[];
  /** When in the phase (whole seconds) each request slower than SLOW_MS started. */
  slowStartsS: number[];
}

/** The latency target of the mix (issue 21: every route's p99 under 150 ms). */
export const SLOW_MS = 150;

export function summarise(samples: RouteSamples): LatencySummary {
  const sorted = [...samples.latenciesMs].sort((a, b) => a - b);
  const at = (quantile: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return {
    route: samples.route,
    requests: sorted.length + (samples.outcomes.shed ?? 0),
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    errors: samples.errors,
    outcomes: samples.outcomes,
    slowest: samples.latenciesMs
      .map((ms, index) => ({ ms, at: samples.startsS[index]! }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, Math.ceil(sorted.length * 0.02))
      .sort((a, b) => a.at - b.at)
      .map((slow) => `${slow.at.toFixed(0)}s:${slow.ms.toFixed(0)}`),
    slowStartsS: samples.latenciesMs
      .map((ms, index) => (ms > SLOW_MS ? Math.floor(samples.startsS[index]!) : -1))
      .filter((second) => second >= 0),
  };
}
