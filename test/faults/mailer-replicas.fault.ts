import { mailerDispatchQueue, queueKeyPrefix } from '@crm/queues';
import { waitFor } from '@crm/testing';
import { Queue } from 'bullmq';
import { doubled, MailerReplicas } from './support/mailer-replicas';

/** 10,000 in CI (each fault suite stays under 90 s on 2 shared cores); MAILER_REPLICAS_RECIPIENTS=100000 for the full-size run. */
const RECIPIENTS = Number(process.env.MAILER_REPLICAS_RECIPIENTS ?? 10_000);
/** Per process, so that a dispatch lasts about five seconds and the kill lands mid-way. */
const SEND_RATE = Math.max(1_000, Math.round(RECIPIENTS / 10));
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two mailer processes against one database and one Redis prefix: they share a campaign's batches
 * (each recipient emailed once, both doing work), take over only what a killed peer left, and
 * fire a scheduled or recurring start once between them.
 */
describe('two mailer replicas', () => {
  let replicas: MailerReplicas;
  let segmentId: string;

  beforeAll(async () => {
    const started = Date.now();
    replicas = await MailerReplicas.start(2, {
      MAIL_BATCH_SIZE: '500',
      MAIL_DISPATCH_CONCURRENCY: '4',
      MAIL_SEND_RATE: String(SEND_RATE),
    });
    segmentId = await replicas.seed(RECIPIENTS);
    process.stdout.write(`mailer replicas: set up in ${((Date.now() - started) / 1_000).toFixed(1)} s\n`);
  }, 120_000);
  afterAll(() => replicas?.stop());

  it(`dispatch one ${RECIPIENTS}-recipient campaign together, each recipient once`, async () => {
    const started = Date.now();
    const id = await replicas.send(segmentId, 'Together');
    expect(await replicas.finished(id, 120_000)).toBe('sent');
    const seconds = (Date.now() - started) / 1_000;

    const copies = replicas.copies(id);
    expect(copies.size).toBe(RECIPIENTS);
    expect(doubled(copies)).toBe(0);
    expect(await replicas.recipientsSent(id)).toBe(RECIPIENTS);
    const owners = await replicas.owners(id);
    const instances = replicas.mailers.map((mailer) => replicas.instanceOf(mailer));
    for (const instance of instances) expect(owners[instance]?.sent ?? 0).toBeGreaterThan(0);
    process.stdout.write(
      `mailer replicas: ${RECIPIENTS} recipients in ${seconds.toFixed(1)} s, batches per instance ${JSON.stringify(owners)}\n`,
    );
  });

  it('finish without a peer killed mid-dispatch, nobody twice, only its in-flight batches uncertain', async () => {
    const [victim, survivor] = replicas.mailers as [
      (typeof replicas.mailers)[0],
      (typeof replicas.mailers)[0],
    ];
    const victimInstance = replicas.instanceOf(victim);
    const survivorInstance = replicas.instanceOf(survivor);
    const id = await replicas.send(segmentId, 'Killed peer');
    await waitFor(async () => ((await replicas.owners(id))[victimInstance]?.sent ?? 0) >= 2, {
      timeoutMs: 60_000,
      intervalMs: 100,
      what: 'the victim to have sent two batches',
    });
    const before = await replicas.owners(id);
    await victim.kill('SIGKILL');
    const killedAt = Date.now();
    expect(await replicas.finished(id, 120_000)).toBe('sent');

    const copies = replicas.copies(id);
    expect(doubled(copies)).toBe(0);
    const owners = await replicas.owners(id);
    const statuses = await replicas.recipientStatuses(id);
    // Every uncertain batch was the victim's, in flight when it died: at most its concurrency.
    const uncertainOwners = Object.entries(owners).filter(([, byStatus]) => byStatus.uncertain);
    expect(uncertainOwners.map(([instance]) => instance)).toEqual(
      uncertainOwners.length ? [victimInstance] : [],
    );
    expect(owners[victimInstance]?.uncertain ?? 0).toBeLessThanOrEqual(4);
    expect(owners[survivorInstance]?.uncertain ?? 0).toBe(0);
    expect(owners[survivorInstance]!.sent).toBeGreaterThan(before[survivorInstance]?.sent ?? 0);
    // Nobody lost: accepted by SendGrid or reported uncertain. Both is possible for a batch SendGrid
    // accepted just before the victim died, before it could record the 202 (at most its in-flight
    // batches, bounded above).
    const uncertain = await replicas.recipientEmails(id, 'uncertain');
    expect(uncertain).toHaveLength(statuses.uncertain ?? 0);
    expect(new Set([...copies.keys(), ...uncertain]).size).toBe(RECIPIENTS);
    process.stdout.write(
      `mailer replicas, peer killed: finished ${((Date.now() - killedAt) / 1_000).toFixed(1)} s after the kill; batches ${JSON.stringify(owners)}; recipients ${JSON.stringify(statuses)}\n`,
    );
  });

  it("leave a live peer's batch alone when one starts while it waits on SendGrid", async () => {
    const [stopped, live] = replicas.mailers as [(typeof replicas.mailers)[0], (typeof replicas.mailers)[0]];
    expect(stopped.running).toBe(false);
    const liveInstance = replicas.instanceOf(live);
    // The live mailer's only batch gets SendGrid's 202 after 15 s, while the other starts and looks around.
    replicas.sendgrid.script({ status: 202, headers: { 'X-Message-Id': 'slow' }, delayMs: 15_000 });
    const id = await replicas.send(await replicas.seedTagged(20), 'Slow answer');
    await waitFor(async () => (await replicas.owners(id))[liveInstance]?.sending === 1, {
      intervalMs: 100,
      what: 'the live mailer to claim the batch',
    });
    await stopped.start({ timeoutMs: 60_000 });
    await pause(2_500); // almost a lease (3 s) after the start, and every take-over tick in between
    expect(await replicas.owners(id)).toEqual({ [liveInstance]: { sending: 1 } });
    expect(await replicas.finished(id, 30_000)).toBe('sent');
    expect(await replicas.recipientStatuses(id)).toEqual({ sent: 20 });
  });

  it('start a scheduled campaign once and a recurring run once between them', async () => {
    const small = await replicas.seedTagged(20);
    const bearer = await replicas.bearer();
    const create = async (body: Record<string, unknown>): Promise<string> => {
      const response = await fetch(`${replicas.mailers[1]!.url}/campaigns`, {
        method: 'POST',
        headers: { Authorization: bearer, 'Content-Type': 'application/json' },
        body: JSON.stringify({ subject: 'Hi', html: '<p>Hi</p>', segmentId: small, ...body }),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const at = new Date(Date.now() + 2_000).toISOString();
    const scheduled = await Promise.all(
      [1, 2, 3].map((n) => create({ name: `Scheduled ${n}`, scheduledAt: at })),
    );
    const recurring = await create({ name: 'Weekly', cron: '0 9 * * 1' });

    // Its scheduler fires every second for a few seconds instead of weekly: both mailers' workers compete.
    const queue = new Queue(mailerDispatchQueue.name, {
      connection: { url: replicas.env.env().REDIS_URL },
      prefix: queueKeyPrefix(replicas.env.queuePrefix),
    });
    try {
      await queue.upsertJobScheduler(
        `recurring-${recurring}`,
        { pattern: '* * * * * *' },
        { name: 'run-recurring-campaign', data: { campaignId: recurring } },
      );
      await pause(4_500);
      await queue.removeJobScheduler(`recurring-${recurring}`);
    } finally {
      await queue.close();
    }
    for (const id of scheduled) expect(await replicas.finished(id, 30_000)).toBe('sent');
    const runs = (await replicas.db.query(
      `SELECT id, date_trunc('minute', scheduled_at) AS minute FROM campaigns WHERE parent_campaign_id = $1`,
      [recurring],
    )) as { id: string; minute: Date }[];
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs.map((run) => run.minute.getTime())).size).toBe(runs.length);
    for (const run of runs) expect(await replicas.finished(run.id, 30_000)).toBe('sent');
    for (const id of [...scheduled, ...runs.map((run) => run.id)]) {
      const copies = replicas.copies(id);
      expect(copies.size).toBe(20);
      expect(doubled(copies)).toBe(0);
    }
  });
});
