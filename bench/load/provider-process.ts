import { createServer } from 'node:http';
import { FakeSendGrid, FakeStripe, freePort } from '@crm/testing';
import { PROVIDER_ROLES, type ProviderRole, type ProviderStarted } from './provider-roles';

/**
 * One of the load run's stand-ins, in a process of its own: fake Stripe, fake SendGrid (what is
 * not on this machine in production) or the bare HTTP floor. Each has its own event loop because
 * each times or is timed by the others otherwise: fake SendGrid parses and keeps the dispatch's
 * bodies (a megabyte a batch), which would delay the floor's answers and the checkouts' calls to
 * Stripe by as long, and the load generator's own timing. Prints one line of JSON (the apps'
 * environment, or the floor's address), then serves until its parent closes its stdin.
 */

async function bareFloor(): Promise<string> {
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end('{}');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => bare.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${port}/`;
}

async function start(role: ProviderRole, webhookSecret: string): Promise<ProviderStarted> {
  switch (role) {
    case 'stripe': {
      const stripe = await new FakeStripe().start();
      return { env: stripe.env(webhookSecret), url: stripe.url };
    }
    case 'sendgrid': {
      const sendgrid = await new FakeSendGrid().start();
      return { env: sendgrid.env(), url: sendgrid.url };
    }
    case 'floor':
      return { env: {}, url: await bareFloor() };
  }
}

async function main(role: string | undefined, webhookSecret: string): Promise<void> {
  if (!PROVIDER_ROLES.includes(role as ProviderRole)) throw new Error(`unknown provider role ${role}`);
  const started = await start(role as ProviderRole, webhookSecret);
  process.stdout.write(`${JSON.stringify(started)}\n`);
  process.stdin.resume();
  process.stdin.on('close', () => process.exit(0));
}

void main(process.argv[2], process.argv[3] ?? '').catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
