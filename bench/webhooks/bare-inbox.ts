import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import Stripe from 'stripe';

/**
 * The floor the real endpoint is measured against: a bare Node `http` server that does only the
 * essential work of an inbox, Stripe's signature check and one insert, with no framework, no
 * queue and no processing.
 */
export async function startBareInbox(
  databaseUrl: string,
  secret: string,
  poolSize: number,
): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  await pool.query(
    `CREATE TABLE IF NOT EXISTS bare_stripe_events (id text PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL,
       stripe_created_at timestamptz, received_at timestamptz NOT NULL DEFAULT now())`,
  );
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let event: Stripe.Event;
      try {
        event = Stripe.webhooks.constructEvent(body, String(req.headers['stripe-signature']), secret, 300);
      } catch {
        res.writeHead(400).end();
        return;
      }
      pool
        .query(
          `INSERT INTO bare_stripe_events (id, type, payload, stripe_created_at)
           VALUES ($1, $2, $3::jsonb, to_timestamp($4)) ON CONFLICT (id) DO NOTHING`,
          [event.id, event.type, body.toString('utf8'), event.created],
        )
        .then(
          () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"received":true}'),
          () => res.writeHead(503).end(),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
