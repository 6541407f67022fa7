/** One kind of request in the mix: how often, and how to make one (resolving true when it got the expected answer). */
export interface RouteLoad {
  route: string;
  perSecond: number;
  send(n: number): Promise<boolean>;
}

export interface RouteSamples {
  route: string;
  latenciesMs: number[];
  errors: number;
  /** Requests not started because too many were already waiting: the bound on a saturated system. */
  shed: number;
}

const TICK_MS = 5;

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
          entry.result.shed += 1;
          continue;
        }
        entry.inFlight += 1;
        const begun = performance.now();
        pending.push(
          entry.load
            .send(n)
            .catch(() => false)
            .then((ok) => {
              entry.inFlight -= 1;
              entry.result.latenciesMs.push(performance.now() - begun);
              if (!ok) entry.result.errors += 1;
            }),
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  return samples.map((entry) => entry.result);
}

const sampleOf = (route: string): RouteSamples => ({ route, latenciesMs: [], errors: 0, shed: 0 });

export interface LatencySummary {
  route: string;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
}

export function summarise(samples: RouteSamples): LatencySummary {
  const sorted = [...samples.latenciesMs].sort((a, b) => a - b);
  const at = (quantile: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
  return {
    route: samples.route,
    requests: sorted.length + samples.shed,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted.at(-1) ?? 0,
    errors: samples.errors + samples.shed,
  };
}
