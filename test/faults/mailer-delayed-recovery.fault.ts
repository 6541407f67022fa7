import { type AppProcess, waitFor } from '@crm/testing';
import { doubled, MailerReplicas } from './support/mailer-replicas';

const RECIPIENTS = 6_000;

/**
 * MAIL_SEND_DELAY_MINUTES: every campaign request carries a SendGrid batch id and a `send_at`
 * 15 minutes ahead. A mailer killed mid-dispatch is undone exactly: the survivor (or the mailer
 * started again) cancels the batch id it was sending with and sends all of it again under a new
 * one, so the fake SendGrid delivers each recipient exactly once and nobody is left uncertain.
 */
describe('mailer crashes with delayed sends', () => {
  let replicas: MailerReplicas;
  let first: AppProcess;
  let second: AppProcess;

  beforeAll(async () => {
    replicas = await MailerReplicas.start(2, {
      MAIL_SEND_DELAY_MINUTES: '15',
      MAIL_BATCH_SIZE: '500',
      MAIL_DISPATCH_CONCURRENCY: '4',
      MAIL_SEND_RATE: '1500',
      SENDGRID_TIMEOUT_MS: '5000',
    });
    [first, second] = replicas.mailers as [AppProcess, AppProcess];
  }, 120_000);
  afterAll(() => replicas?.stop());

  /** Sends a campaign, SIGKILLs `victim` once 1,500 are sent, runs `after`, and checks the outcome. */
  const killMidDispatch = async (name: string, victim: AppProcess, after: () => Promise<void>) => {
    const cancelledBefore = replicas.sendgrid.cancelledBatches.length;
    const id = await replicas.send(await replicas.seedTagged(RECIPIENTS), name);
    await waitFor(async () => (await replicas.recipientsSent(id)) >= 1_500, {
      timeoutMs: 60_000,
      intervalMs: 50,
      what: 'three batches sent',
    });
    await victim.kill('SIGKILL');
    const acceptedAtKill = replicas.copies(id).size;
    await after();
    expect(await replicas.finished(id, 60_000)).toBe('sent');

    const delivered = replicas.copies(id, 'delivered');
    expect(delivered.size).toBe(RECIPIENTS);
    expect(doubled(delivered)).toBe(0);
    expect(await replicas.recipientStatuses(id)).toEqual({ sent: RECIPIENTS });
    // A batch id was cancelled, and what went out under it was sent again under another.
    expect(replicas.sendgrid.cancelledBatches.length).toBeGreaterThan(cancelledBefore);
    const accepted = replicas.copies(id);
    expect(doubled(accepted)).toBeGreaterThan(0);
    for (const body of replicas.sendgrid.accepted) {
      expect(body.batch_id).toEqual(expect.any(String));
      expect(body.send_at! * 1_000 - Date.now()).toBeGreaterThan(10 * 60_000);
    }
    process.stdout.write(
      `delayed sends (${name}): ${acceptedAtKill} accepted at the kill; ${doubled(accepted)} sent again under a new batch id\n`,
    );
  };

  it('leaves nobody uncertain when a request times out: its batch id is cancelled and sent again', async () => {
    const cancelledBefore = replicas.sendgrid.cancelledBatches.length;
    const id = await replicas.send(await replicas.seedTagged(3_000), 'Timed out');
    await waitFor(async () => (await replicas.recipientsSent(id)) >= 500, {
      intervalMs: 50,
      what: 'a first batch sent',
    });
    replicas.sendgrid.script({ status: 202, hang: true });
    expect(await replicas.finished(id, 60_000)).toBe('sent');

    const delivered = replicas.copies(id, 'delivered');
    expect(delivered.size).toBe(3_000);
    expect(doubled(delivered)).toBe(0);
    expect(await replicas.recipientStatuses(id)).toEqual({ sent: 3_000 });
    expect(replicas.sendgrid.cancelledBatches.length).toBe(cancelledBefore + 1);
  });

  it('is undone exactly by the surviving replica after one of two is SIGKILLed', async () => {
    await killMidDispatch('Survivor', first, async () => {});
    await first.start({ timeoutMs: 60_000 });
  });

  it('is undone exactly by the only mailer, SIGKILLed and started again', async () => {
    await second.stop();
    await killMidDispatch('Restarted', first, () => first.start({ timeoutMs: 60_000 }));
  });
});
