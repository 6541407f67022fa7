import { fork } from 'node:child_process';
import { join } from 'node:path';
import { type Delivery, fire } from './fire';
import { fireAtRate, type RateResult } from './fire-at-rate';

/**
 * Stripe is another process, so the deliveries are fired from a child process: neither the app
 * under test nor the bare server shares its event loop with the load. Both sides use it alike.
 * Without `rate` the deliveries go as fast as `concurrency` connections answer (closed loop); with
 * it, at `rate` per second whatever the answers (open loop), timing each answer.
 */
interface Load {
  /** One URL, or several (replicas) that the connections are shared between. */
  url: string | string[];
  deliveries: Delivery[];
  concurrency: number;
  rate?: number;
}

type ChildMessage = { ready: true } | { done: true; result?: RateResult } | { failed: string };

/** Starts a generator holding `deliveries`; `fire()` sends them all and resolves when the last is answered. */
export async function startLoadGenerator(load: Load): Promise<{ fire(): Promise<RateResult | undefined> }> {
  const child = fork(join(__dirname, 'load-generator.js'), [], { stdio: 'inherit' });
  const next = (): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(message as ChildMessage));
      child.once('exit', (code) => reject(new Error(`Load generator exited with code ${code}`)));
    });
  const ready = next();
  child.send(load);
  await ready;
  return {
    fire: async () => {
      const done = next();
      child.send('go');
      const outcome = await done;
      child.kill();
      if ('failed' in outcome) throw new Error(`Load generator: ${outcome.failed}`);
      return 'result' in outcome ? outcome.result : undefined;
    },
  };
}

function runAsChild(): void {
  let load: Load | null = null;
  process.on('message', (message: Load | 'go') => {
    if (message !== 'go') {
      load = message;
      process.send!({ ready: true });
      return;
    }
    const { url, deliveries, concurrency, rate } = load!;
    const run: Promise<RateResult | undefined> = rate
      ? fireAtRate([url].flat()[0]!, deliveries, rate) // the open-loop phases aim at one app
      : fire(url, deliveries, concurrency).then(() => undefined);
    run.then(
      (result) => process.send!({ done: true, ...(result ? { result } : {}) }),
      (error: unknown) => process.send!({ failed: String(error) }),
    );
  });
}

if (require.main === module) runAsChild();
