import { loadavg } from 'node:os';
import { migrateUp } from '@crm/database';
import { bareLoop, prebuiltPayload } from './dispatch/bare-loop';
import { measureDispatchFloor } from './dispatch/dispatch-floor';
import { type ReplicaRun, runReplicas } from './dispatch/replica-run';
import { clearCampaigns, seedMailableSupporters } from './dispatch/seed-mailable';
import { SendGridSink } from './dispatch/sendgrid-sink';

/**
 * Campaign dispatch end to end: a campaign to BENCH_DISPATCH_RECIPIENTS (default 1,000,000)
 * supporters is materialised, rendered and sent by the real mailer — once by each number of
 * replicas in BENCH_DISPATCH_REPLICAS (default `1,2`: one process, then two sharing the work) — to
 * a local SendGrid stand-in that checks each recipient arrives exactly once. Then, in the same run,
 * the floor: a bare loop posting pre-built 1,000-recipient payloads to the same stand-in with the
 * same concurrency, plus the recipients frozen into a key-only ledger.
 */
const WANTED = Number(process.env.BENCH_DISPATCH_RECIPIENTS ?? 1_000_000);
const CONCURRENCY = Number(process.env.MAIL_DISPATCH_CONCURRENCY ?? 8);
const REPLICAS = (process.env.BENCH_DISPATCH_REPLICAS ?? '1,2')
  .split(',')
  .map((n) => Number(n.trim()))
  .filter((n) => Number.isInteger(n) && n >= 1);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const load = (): string => `load ${loadavg()[0]!.toFixed(1)}`;
const rate = (n: number): string => Math.round(n).toLocaleString('en-GB');

function databaseUrl(): string {
  if (process.env.BENCH_DISPATCH_DATABASE_URL) return process.env.BENCH_DISPATCH_DATABASE_URL;
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/supporter_crm');
  url.pathname = '/crm_bench_dispatch';
  return url.toString();
}

function report(run: ReplicaRun, recipients: number): void {
  const rss = run.peakRssMb.map((mb) => mb.toFixed(0)).join(' + ');
  log(
    `  ${run.replicas} mailer${run.replicas > 1 ? 's' : ''}: ${run.seconds.toFixed(1)} s, ${rate(recipients / run.seconds)} recipients/s, ` +
      `each recipient exactly once, batches per process ${run.batchesBy.join(' + ')}, peak RSS ${rss} MiB (idle ${run.idleRssMb.map((mb) => mb.toFixed(0)).join(' + ')}), load ${run.load.toFixed(1)}`,
  );
  log(
    `    materialise ${run.materialise.toFixed(1)} s, batches ${run.send.toFixed(1)} s, ` +
      `mailer CPU ${run.cpuSeconds.toFixed(1)} s (${((run.cpuSeconds * 1e6) / recipients).toFixed(1)} µs a recipient)`,
  );
}

async function main(): Promise<void> {
  const url = databaseUrl();
  await migrateUp(url);
  const recipients = await seedMailableSupporters(url, WANTED, log);
  log(
    `campaign dispatch: ${recipients.toLocaleString('en-GB')} recipients, concurrency ${CONCURRENCY} per process, ` +
      `replicas ${REPLICAS.join(', ')}`,
  );
  const sink = await new SendGridSink().start();
  try {
    const runs: ReplicaRun[] = [];
    for (const replicas of REPLICAS) {
      await clearCampaigns(url);
      sink.reset();
      const run = await runReplicas({
        url,
        redisUrl: REDIS_URL,
        sink,
        recipients,
        concurrency: CONCURRENCY,
        replicas,
      });
      report(run, recipients);
      runs.push(run);
    }
    sink.reset();
    const bareSeconds = await bareLoop(
      sink.url,
      prebuiltPayload(1_000),
      Math.ceil(recipients / 1_000),
      CONCURRENCY,
    );
    log(
      `  bare loop (pre-built 1,000-recipient payloads): ${bareSeconds.toFixed(1)} s, ` +
        `${rate(recipients / bareSeconds)} recipients/s, ${load()}`,
    );
    const floor = await measureDispatchFloor(url, recipients);
    const floorSeconds = floor.freeze + bareSeconds;
    log(
      `  floor: freeze into a key-only ledger ${floor.freeze.toFixed(1)} s + bare loop ${bareSeconds.toFixed(1)} s = ` +
        `${floorSeconds.toFixed(1)} s (building the bodies, ${floor.build.toFixed(1)} s more, could overlap the posting), ${load()}`,
    );
    for (const run of runs) {
      const ratio = run.seconds / floorSeconds;
      const rss = Math.max(...run.peakRssMb);
      log(
        `  targets, ${run.replicas} mailer${run.replicas > 1 ? 's' : ''}: ${ratio.toFixed(2)} × the floor (≤ 2: ${ratio <= 2 ? 'met' : 'MISSED'}), ` +
          `peak RSS ${rss.toFixed(0)} MiB (< 200: ${rss < 200 ? 'met' : 'MISSED'})`,
      );
    }
  } finally {
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
