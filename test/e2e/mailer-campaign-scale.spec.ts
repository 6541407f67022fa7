import { waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../apps/mailer/test/mailer-harness';

const ELIGIBLE = 10_000;

/** A 10,000-person campaign among people who must not get it, and a burst of 429s. */
describe('campaign dispatch at scale', () => {
  let harness: MailerHarness;
  let comms: string;
  let segmentId: string;

  const seed = async (
    prefix: string,
    count: number,
    subscription: string,
    confirmed: boolean,
  ): Promise<void> => {
    await harness.dataSource.query(
      `WITH s AS (INSERT INTO supporters (email, email_normalised, first_name, tags)
                  SELECT $1 || n || '@example.org', $1 || n || '@example.org', 'P' || n, '{news}'
                    FROM generate_series(1, $2) AS n RETURNING id)
       INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at)
       SELECT id, $3, CASE WHEN $4 THEN now() END FROM s`,
      [prefix, count, subscription, confirmed],
    );
  };

  const sendAndFinish = async (name: string) => {
    const created = await request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({ name, subject: 'Hello {{firstName|friend}}', markdown: 'News for {{firstName}}', segmentId })
      .expect(201);
    const before = harness.sendgrid.accepted.length;
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/send`)
      .set('Authorization', comms)
      .expect(202);
    const state = await waitFor(
      async () => {
        const body = (
          await request(harness.url).get(`/campaigns/${created.body.id}`).set('Authorization', comms)
        ).body;
        return body.status === 'sent' ? body : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: name },
    );
    return { state, requests: harness.sendgrid.accepted.slice(before) };
  };

  beforeAll(async () => {
    // 1,000-recipient requests on a loaded CI host can outlast the harness's 2 s timeout, which
    // would (rightly) mark them uncertain; this suite is about who gets what, not timeouts.
    harness = await MailerHarness.start({ env: { SENDGRID_TIMEOUT_MS: '30000' } });
    comms = await harness.bearer('comms');
    segmentId = await harness.seedSegment({ field: 'tags', op: 'contains', value: 'news' });
    await seed('ok', ELIGIBLE, 'subscribed', true);
    await seed('unsub', 50, 'unsubscribed', true);
    await seed('unconfirmed', 50, 'pending', false);
    await seed('suppressed', 50, 'subscribed', true);
    await harness.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason) SELECT email_normalised, 'bounce' FROM supporters WHERE email_normalised LIKE 'suppressed%'`,
    );
    await seed('erased', 50, 'subscribed', true);
    await harness.dataSource.query(
      `UPDATE supporters SET email = NULL, email_normalised = NULL, erased_at = now() WHERE email_normalised LIKE 'erased%'`,
    );
  }, 60_000);
  afterAll(() => harness.stop());

  it('sends 10,000 eligible supporters in exactly 10 requests, each once, and nobody else', async () => {
    const { state, requests } = await sendAndFinish('Ten thousand');
    expect(requests).toHaveLength(10);
    for (const body of requests) expect(body.personalizations).toHaveLength(1_000);
    const emails = requests.flatMap((body) => body.personalizations.map((p) => p.to[0]!.email));
    expect(new Set(emails).size).toBe(ELIGIBLE);
    expect(emails.every((email) => /^ok\d+@example\.org$/.test(email))).toBe(true);
    expect(state.counts).toMatchObject({
      total: ELIGIBLE,
      sent: ELIGIBLE,
      queued: 0,
      failed: 0,
      uncertain: 0,
    });
  }, 90_000);

  it('waits out a burst of 429s: everything delivered, nothing twice, no job failed', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    harness.sendgrid.script(
      ...Array.from({ length: 6 }, () => ({
        status: 429,
        headers: { 'X-RateLimit-Reset': reset, 'Retry-After': '1' },
      })),
    );
    const { state, requests } = await sendAndFinish('Rate limited');
    const emails = requests.flatMap((body) => body.personalizations.map((p) => p.to[0]!.email));
    expect(emails).toHaveLength(ELIGIBLE);
    expect(new Set(emails).size).toBe(ELIGIBLE);
    expect(state.counts).toMatchObject({ sent: ELIGIBLE, failed: 0 });
    expect(await harness.dispatch().queue.getFailedCount()).toBe(0);
    const rateLimited =
      harness.sendgrid.requestsTo('POST', '/v3/mail/send').length - harness.sendgrid.accepted.length;
    expect(rateLimited).toBe(6);
  }, 90_000);
});
