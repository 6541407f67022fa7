import { Agent, request } from 'node:http';

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/**
 * POSTs every delivery over `concurrency` kept-alive connections; throws on any non-2xx. Several
 * URLs (replicas) share the connections out between them, as a round-robin balancer would.
 */
export async function fire(
  url: string | string[],
  deliveries: Delivery[],
  concurrency: number,
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const targets = [url].flat().map((each) => new URL(each));
  let next = 0;
  const post = (delivery: Delivery, target: URL): Promise<void> =>
    new Promise((resolve, reject) => {
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
          res.on('end', () =>
            res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(delivery.body);
    });
  const lane = async (_: unknown, index: number): Promise<void> => {
    const target = targets[index % targets.length]!;
    while (next < deliveries.length) await post(deliveries[next++]!, target);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
}
