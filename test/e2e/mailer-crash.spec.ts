import { dataSourceOptions } from '@crm/database';
import {
  AppProcess,
  FakeSendGrid,
  SendGridWebhookSigner,
  type SendGridMailBody,
  staffBearer,
  TestEnvironment,
  waitFor,
} from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildOnce, compiled } from '../support/compiled';
import { freePort } from '../support/free-port';

interface CampaignState {
  status: string;
  counts: Record<string, number>;
  batches: Record<string, number>;
  uncertainBatches: { seq: number; unconfirmed: number }[];
}

type Personalization = SendGridMailBody['personalizations'][number] & { custom_args: Record<string, string> };

const ELIGIBLE = 30;

/** The mailer as a real process, killed with SIGKILL mid-dispatch and started again. */
describe('mailer crash safety', () => {
  const signer = new SendGridWebhookSigner();
  let env: TestEnvironment;
  let sendgrid: FakeSendGrid;
  let mailer: AppProcess;
  let db: DataSource;
  let comms: string;
  let segmentId: string;

  const campaign = async (id: string): Promise<CampaignState> =>
    (await request(mailer.url).get(`/campaigns/${id}`).set('Authorization', comms).expect(200))
      .body as CampaignState;

  const createCampaign = async (body: Record<string, unknown>): Promise<string> =>
    (
      await request(mailer.url)
        .post('/campaigns')
        .set('Authorization', comms)
        .send({ subject: 'Hello {{firstName|friend}}', markdown: 'News', segmentId, ...body })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    buildOnce();
    env = await TestEnvironment.create();
    sendgrid = await new FakeSendGrid().start();
    db = await new DataSource(dataSourceOptions({ url: env.database.url })).initialize();
    comms = await staffBearer(db, 'comms');
    [{ id: segmentId }] = (await db.query(
      `INSERT INTO segments (name, rules) VALUES ('everyone', '{"field":"tags","op":"contains","value":"news"}') RETURNING id`,
    )) as { id: string }[];
    await db.query(
      `WITH s AS (INSERT INTO supporters (email, email_normalised, first_name, tags)
                  SELECT 'crash' || n || '@example.org', 'crash' || n || '@example.org', 'Person' || n, '{news}'
                    FROM generate_series(1, $1) AS n RETURNING id)
       INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) SELECT id, 'subscribed', now() FROM s`,
      [ELIGIBLE],
    );
    mailer = new AppProcess({
      app: 'mailer',
      distDir: compiled(),
      port: await freePort(),
      env: env.env({
        ...sendgrid.env(),
        SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey,
        SENDGRID_TIMEOUT_MS: '120000',
        MAIL_BATCH_SIZE: '10',
        MAIL_DISPATCH_CONCURRENCY: '1',
        MAIL_UNCERTAIN_GRACE_MINUTES: '0',
      }),
    });
    await mailer.start();
  }, 120_000);

  afterAll(async () => {
    await mailer?.kill();
    await sendgrid?.stop();
    await db?.destroy();
    await env?.destroy();
  });

  it('never sends anyone twice after a SIGKILL mid-request; reports the batch uncertain and reconciles it from events', async () => {
    const id = await createCampaign({ name: 'Crash' });
    sendgrid.script({ status: 202, headers: { 'X-Message-Id': 'batch-0' } }, { status: 202, hang: true });
    await request(mailer.url).post(`/campaigns/${id}/send`).set('Authorization', comms).expect(202);
    await waitFor(async () => sendgrid.requestsTo('POST', '/v3/mail/send').length === 2, {
      what: 'the hung request',
    });
    await mailer.kill('SIGKILL');
    await mailer.start();

    const afterRestart = await waitFor(
      async () => {
        const state = await campaign(id);
        return state.status === 'sent' ? state : null;
      },
      { timeoutMs: 30_000, what: 'the campaign to finish after the restart' },
    );
    expect(afterRestart.batches).toMatchObject({ sent: 2, uncertain: 1, pending: 0, sending: 0 });
    expect(afterRestart.counts).toMatchObject({ sent: ELIGIBLE - 10, uncertain: 10 });
    expect(afterRestart.uncertainBatches).toEqual([expect.objectContaining({ unconfirmed: 10 })]);

    // SendGrid did receive the cut-off request, and its event webhook says so.
    const [, hung] = sendgrid.sends;
    const events = (hung!.personalizations as Personalization[]).map((p, n) => ({
      email: p.to[0]!.email,
      event: 'processed',
      sg_event_id: `processed-${n}`,
      sg_message_id: 'hung.filter',
      timestamp: Math.floor(Date.now() / 1000),
      ...p.custom_args,
    }));
    const signed = signer.sign(events);
    await request(mailer.url).post('/webhooks/sendgrid').set(signed.headers).send(signed.body).expect(200);
    const reconciled = await campaign(id);
    expect(reconciled.counts).toMatchObject({ sent: ELIGIBLE, uncertain: 0 });

    const resend = await request(mailer.url)
      .post(`/campaigns/${id}/resend-uncertain`)
      .set('Authorization', comms)
      .expect(202);
    expect(resend.body).toEqual({ recipients: 0, batches: 0 });

    const received = sendgrid.sends.flatMap((body) => body.personalizations.map((p) => p.to[0]!.email));
    expect(received).toHaveLength(ELIGIBLE);
    expect(new Set(received).size).toBe(ELIGIBLE);
  }, 90_000);

  it('starts a scheduled campaign after a restart, and never one that was cancelled', async () => {
    const at = new Date(Date.now() + 2_000).toISOString();
    const scheduled = await createCampaign({ name: 'Scheduled', scheduledAt: at });
    const cancelled = await createCampaign({ name: 'Cancelled', scheduledAt: at });
    await request(mailer.url).post(`/campaigns/${cancelled}/cancel`).set('Authorization', comms).expect(200);
    await mailer.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const before = sendgrid.accepted.length;
    await mailer.start();
    await waitFor(async () => (await campaign(scheduled)).status === 'sent', {
      timeoutMs: 20_000,
      what: 'the scheduled campaign',
    });
    expect(sendgrid.accepted.slice(before).flatMap((body) => body.personalizations)).toHaveLength(ELIGIBLE);
    const state = await campaign(cancelled);
    expect(state.status).toBe('cancelled');
    expect(state.counts.total).toBe(0);
  }, 60_000);
});
