import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Campaign } from '@crm/entities';
import type { MailerConfig } from '../../apps/mailer/src/config/mailer.config';
import {
  type BatchRecipient,
  CampaignMailBuilder,
} from '../../apps/mailer/src/dispatch/campaign-mail.builder';
import { SendGridTransport } from '../../apps/mailer/src/transport/sendgrid.transport';
import { SendGridSink } from './sendgrid-sink';

/**
 * The mailer's own work per batch without PostgreSQL or BullMQ, for quick iterations on its CPU:
 * `BATCHES` batches of 1,000 recipients built by the real `CampaignMailBuilder` and posted by the
 * real `SendGridTransport` to the SendGrid stand-in (a child process), `CONCURRENCY` at a time,
 * as the bench campaign's content. Prints CPU µs a recipient (this process, user + system) and
 * the heap's high-water mark.
 *   node dist/bench/dispatch/mailer-cpu.js [BATCHES] [CONCURRENCY]
 */
/** The stand-in in its own process, so its JSON parsing is not counted; answers its URL and a stop. */
async function startSink(): Promise<{ url: string; stop: () => void }> {
  const child = fork(__filename, ['sink']);
  const url = await new Promise<string>((resolve) => child.once('message', (m) => resolve(String(m))));
  return { url, stop: () => void child.kill() };
}

async function main(): Promise<void> {
  if (process.argv[2] === 'sink') {
    const sink = await new SendGridSink().start();
    process.send!(sink.url);
    return;
  }
  const batches = Number(process.argv[2] ?? 200);
  const concurrency = Number(process.argv[3] ?? 8);
  const sink = await startSink();
  const config = {
    PUBLIC_URL: 'https://crm.example.org',
    APP_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
    MAIL_FROM: 'Bench <hello@example.org>',
  } as MailerConfig;
  const builder = new CampaignMailBuilder(config, { name: 'Bench', address: '1 Bench Street' });
  const transport = new SendGridTransport({
    apiKey: 'SG.bench',
    apiUrl: sink.url,
    timeoutMs: 30_000,
    trackingAllowed: true,
    bulkSendsAtOnce: 8,
  });
  const campaign = {
    id: randomUUID(),
    updatedAt: new Date(),
    subject: 'News for {{firstName|friend}}',
    markdown: '# Hello {{firstName|friend}}\n\n' + 'Our campaign did well this month. '.repeat(30),
    html: null,
    fromName: null,
    replyTo: null,
    trackOpens: true,
    trackClicks: true,
  } as unknown as Campaign;
  const recipientsOf = (batch: number): BatchRecipient[] =>
    Array.from({ length: 1_000 }, (_, n) => ({
      id: randomUUID(),
      supporterId: randomUUID(),
      email: `bench${batch * 1_000 + n}@example.org`,
      firstName: n % 10 === 0 ? null : `Name${batch * 1_000 + n}`,
    }));
  const idleRss = process.memoryUsage().rss;
  let next = 0;
  let peakHeap = 0;
  let peakRss = 0;
  const started = process.cpuUsage();
  const wall = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches) {
        const batch = next++;
        const mail = await builder.bulk(campaign, recipientsOf(batch));
        await transport.sendBulk(mail);
        const memory = process.memoryUsage();
        peakHeap = Math.max(peakHeap, memory.heapUsed);
        peakRss = Math.max(peakRss, memory.rss);
      }
    }),
  );
  const cpu = process.cpuUsage(started);
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  sink.stop();
  const recipients = batches * 1_000;
  process.stdout.write(
    `${batches} batches: ${seconds.toFixed(2)} s, CPU ${((cpu.user + cpu.system) / recipients).toFixed(1)} µs a recipient ` +
      `peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MiB, ` +
      `RSS ${(idleRss / 2 ** 20).toFixed(0)} MiB before, peak ${(peakRss / 2 ** 20).toFixed(0)} MiB\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
