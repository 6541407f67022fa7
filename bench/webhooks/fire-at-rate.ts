import { Agent, request } from 'node:http';
import type { Delivery } from './fire';

export interface RateResult {
  /** Milliseconds from each delivery's scheduled start to its answer, sorted. */
  latencies: number[];
  failures: number;
}

/**
 * Open loop: delivery `n` starts at `n / rate` seconds whether or not earlier ones were answered
 * (as Stripe does), so a slow answer cannot slow the load down and hide itself. Latency counts from
 * the scheduled start, so a generator running late is charged to the server, never hidden.
 */
export async function fireAtRate(url: string, deliveries: Delivery[], rate: number): Promise<RateResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const target = new URL(url);
  const latencies: number[] = [];
  let failures = 0;
  const post = (delivery: Delivery, scheduled: number): Promise<void> =>
    new Promise((resolve) => {
      const settle = (ok: boolean): void => {
        latencies.push(performance.now() - scheduled);
        if (!ok) failures += 1;
        resolve();
      };
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...delivery.headers, 'Content-Length': Buffer.byteLength(delivery.body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => settle(Boolean(res.statusCode && res.statusCode < 300)));
        },
      );
      req.on('error', () => settle(false));
      req.end(delivery.body);
    });
  const started = performance.now();
  const interval = 1000 / rate;
  const pending: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      while (next < deliveries.length && started + next * interval <= now) {
        pending.push(post(deliveries[next]!, started + next * interval));
        next += 1;
      }
      if (next >= deliveries.length) resolve();
      else setTimeout(tick, Math.max(0, started + next * interval - performance.now()));
    };
    tick();
  });
  try {
    await Promise.all(pending);
  } finally {
    agent.destroy();
  }
  return { latencies: latencies.sort((a, b) => a - b), failures };
}

/** The `q` quantile (0–1) of sorted values, nearest rank. */
export const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
