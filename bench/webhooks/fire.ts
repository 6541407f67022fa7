import { Agent, request } from 'node:http';

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

/** POSTs every delivery to `url` over `concurrency` kept-alive connections; throws on any non-2xx. */
export async function fire(url: string, deliveries: Delivery[], concurrency: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  let next = 0;
  const post = (delivery: Delivery): Promise<void> =>
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
  const lane = async (): Promise<void> => {
    while (next < deliveries.length) await post(deliveries[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
}
