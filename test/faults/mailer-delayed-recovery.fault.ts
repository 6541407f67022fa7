import { waitFor } from '@crm/testing';
import { doubled, MailerReplicas } from './support/mailer-replicas';

const RECIPIENTS = 10_000;

/**
 * MAIL_SEND_DELAY_MINUTES: every campaign request carries a SendGrid batch id and a `send_at`
 * 15 minutes ahead. The only mailer is killed mid-dispatch and started again; it cancels the batch
 * id its dead self was sending with and sends all of it again under a new one, so the fake
 * SendGrid delivers each recipient exactly once and nobody is left uncertain.
 */
describe('mailer crash with delayed sends', () => {
  let replicas: MailerReplicas;

  beforeAll(async () => {
    replicas = await MailerReplicas.start(1, {
      MAIL_SEND_DELAY_MINUTES: '15',
      MAIL_BATCH_SIZE: '500',
      MAIL_DISPATCH_CONCURRENCY: '4',
      MAIL_SEND_RATE: '2000',
    });
  }, 120_000);
  afterAll(() => replicas?.stop());

  it('is undone exactly after a SIGKILL: cancelled, sent again, delivered once each, none uncertain', async () => {
    const [mailer] = replicas.mailers as [(typeof replicas.mailers)[0]];
    const segmentId = await replicas.seedTagged(RECIPIENTS);
    const id = await replicas.send(segmentId, 'Delayed');
    await waitFor(async () => (await replicas.recipientsSent(id)) >= 2_000, {
      timeoutMs: 60_000,
      intervalMs: 50,
      what: 'four batches sent',
    });
    await mailer.kill('SIGKILL');
    const acceptedAtKill = replicas.copies(id).size;
    const cutOff = await replicas.db.query(
      `SELECT count(*)::int AS n FROM campaign_batches WHERE campaign_id = $1 AND status = 'sending'`,
      [id],
    );
    await mailer.start({ timeoutMs: 60_000 });
    expect(await replicas.finished(id, 60_000)).toBe('sent');

    const delivered = replicas.copies(id, 'delivered');
    expect(delivered.size).toBe(RECIPIENTS);
    expect(doubled(delivered)).toBe(0);
    expect(await replicas.recipientStatuses(id)).toEqual({ sent: RECIPIENTS });
    // The first batch id was cancelled, and what went out under it was sent again.
    expect(replicas.sendgrid.cancelledBatches).toHaveLength(1);
    const accepted = replicas.copies(id);
    expect(doubled(accepted)).toBeGreaterThan(0);
    for (const body of replicas.sendgrid.accepted) {
      expect(body.batch_id).toEqual(expect.any(String));
      expect(body.send_at! * 1_000 - Date.now()).toBeGreaterThan(10 * 60_000);
    }
    process.stdout.write(
      `delayed sends: ${acceptedAtKill} accepted at the kill with ${JSON.stringify(cutOff)} batches cut off; ${doubled(accepted)} sent again under a new batch id\n`,
    );
  });
});
