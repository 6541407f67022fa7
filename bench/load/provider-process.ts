import { createServer } from 'node:http';
import { FakeSendGrid, FakeStripe, freePort } from '@crm/testing';

/**
 * The load run's stand-ins for what is not on this machine in production (Stripe, SendGrid) and
 * the bare HTTP floor, in a process of their own: the load generator times requests on its event
 * loop, which must not also receive and keep the dispatch's bodies (tens of megabytes) or answer
 * the floor's requests. Prints one line of JSON (the apps' environment and the floor's address),
 * then serves until its parent closes its stdin.
 */
export interface Providers {
  env: Record<string, string>;
  bareUrl: string;
}

async function main(webhookSecret: string): Promise<void> {
  const stripe = await new FakeStripe().start();
  const sendgrid = await new FakeSendGrid().start();
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('{}');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => bare.listen(port, '127.0.0.1', resolve));
  const providers: Providers = {
    env: { ...stripe.env(webhookSecret), ...sendgrid.env() },
    bareUrl: `http://127.0.0.1:${port}/`,
  };
  process.stdout.write(`${JSON.stringify(providers)}\n`);
  process.stdin.resume();
  process.stdin.on('close', () => process.exit(0));
}

void main(process.argv[2] ?? '').catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
