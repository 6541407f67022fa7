import { verifyUnsubscribeToken } from '@crm/auth';
import { type BootedApp, bootApp, TEST_APP_SECRET, waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';
import { type CampaignState, OwnCampaign } from '../../test/own-campaign';
import { loadMailerConfig } from '../config/mailer.config';
import { MailerModule } from '../mailer.module';

describe('campaigns', () => {
  let harness: MailerHarness;
  let comms: string;
  let segmentId: string;

  const createCampaign = (body: Record<string, unknown> = {}) =>
    request(harness.url)
      .post('/campaigns')
      .set('Authorization', comms)
      .send({
        name: 'Spring news',
        subject: 'News for {{firstName|friend}}',
        markdown: '# Hello {{firstName|friend}}',
        segmentId,
        ...body,
      });

  const campaignStatus = async (id: string): Promise<CampaignState> =>
    (await request(harness.url).get(`/campaigns/${id}`).set('Authorization', comms)).body as CampaignState;

  const sendAndWait = async (id: string, until = (s: CampaignState) => s.status === 'sent') => {
    await request(harness.url).post(`/campaigns/${id}/send`).set('Authorization', comms).expect(202);
    return waitFor(
      async () => {
        const state = await campaignStatus(id);
        return until(state) ? state : null;
      },
      { timeoutMs: 20_000, what: `campaign ${id}` },
    );
  };

  beforeAll(async () => {
    harness = await MailerHarness.start({
      env: { MAIL_BATCH_SIZE: '10', MAIL_UNCERTAIN_GRACE_MINUTES: '0' },
    });
    comms = await harness.bearer('comms');
    segmentId = await harness.seedSegment();
    for (let n = 0; n < 25; n++) {
      await harness.seedSupporter({
        email: `reader${n}@example.org`,
        firstName: n === 0 ? null : `Reader${n}`,
        tags: ['newsletter'],
      });
    }
    await harness.seedSupporter({
      email: 'gone@example.org',
      subscription: 'unsubscribed',
      tags: ['newsletter'],
    });
    await harness.seedSupporter({
      email: 'pending@example.org',
      subscription: 'pending',
      confirmed: false,
      tags: ['newsletter'],
    });
    await harness.seedSupporter({ email: 'Suppressed@example.org', tags: ['newsletter'] });
    await harness.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason) VALUES ('suppressed@example.org', 'bounce')`,
    );
    await harness.seedSupporter({ email: 'outside@example.org', tags: ['volunteer'] });
  });
  afterAll(() => harness.stop());

  it('refuses bad input with a 400 naming the field, and changes nothing', async () => {
    const both = await createCampaign({ html: '<p>x</p>' }).expect(400);
    expect(both.body.message).toContain('html');
    const unknownSegment = await createCampaign({ segmentId: '0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00' }).expect(
      400,
    );
    expect(unknownSegment.body.message).toContain('segmentId');
    const badField = await createCampaign({ subject: 'Hi {{surname}}' }).expect(400);
    expect(badField.body.message).toContain('subject');
    const badCron = await createCampaign({ cron: 'every tuesday' }).expect(400);
    expect(badCron.body.message).toContain('cron');
    // Each run mails the whole segment: a seconds field, or runs minutes apart, are refused.
    for (const cron of ['* * * * * *', '*/5 * * * *', '0,30 9 * * 1']) {
      expect((await createCampaign({ cron }).expect(400)).body.message).toContain('cron');
    }
    const past = await createCampaign({ scheduledAt: '2020-01-01T00:00:00Z' }).expect(400);
    expect(past.body.message).toContain('scheduledAt');
    await createCampaign({ unexpected: true }).expect(400);
    // A line break in a header value: SendGrid refuses the whole batch, or it smuggles in a header.
    const crlf = await createCampaign({
      subject: 'News\r\nBcc: x@example.org',
      fromName: 'Park\nFriends',
    }).expect(400);
    expect(crlf.body.message).toMatch(/subject: subject must not contain line breaks/);
    expect(crlf.body.message).toMatch(/fromName: fromName must not contain line breaks/);
    const list = await request(harness.url).get('/campaigns').set('Authorization', comms).expect(200);
    expect(list.body.items).toHaveLength(0);
  });

  it('accepts a recurrence at least an hour apart, one given minute each time', async () => {
    for (const cron of ['0 * * * *', '15 9 * * 1-5', '0 30 6 1 * *']) {
      expect((await createCampaign({ cron }).expect(201)).body).toMatchObject({ cron, status: 'scheduled' });
    }
  });

  it('refuses writes to viewers and everything to fundraisers', async () => {
    const viewer = await harness.bearer('viewer');
    await request(harness.url).post('/campaigns').set('Authorization', viewer).send({}).expect(403);
    await request(harness.url).get('/campaigns').set('Authorization', viewer).expect(200);
    await request(harness.url)
      .get('/campaigns')
      .set('Authorization', await harness.bearer('fundraising'))
      .expect(403);
    await request(harness.url).get('/campaigns').expect(401);
    await request(harness.url).get('/campaigns/not-a-uuid').set('Authorization', comms).expect(400);
    await request(harness.url)
      .get('/campaigns/0b0e2c4e-7c55-4d4b-9f0e-4c4a2b1c0d00')
      .set('Authorization', comms)
      .expect(404);
  });

  it('sends to every eligible member of the segment once, in batches, with one-click unsubscribe headers', async () => {
    const created = await createCampaign().expect(201);
    expect(created.body.status).toBe('draft');
    const before = harness.sendgrid.sends.length;
    const done = await sendAndWait(created.body.id);
    const requests = harness.sendgrid.sends.slice(before);
    expect(requests).toHaveLength(3);
    const emails = requests.flatMap((body) => body.personalizations.map((p) => p.to[0]!.email)).sort();
    expect(emails).toEqual(Array.from({ length: 25 }, (_, n) => `reader${n}@example.org`).sort());
    expect(done.counts).toMatchObject({ total: 25, sent: 25, queued: 0 });
    expect(done.batches).toMatchObject({ sent: 3, pending: 0 });

    const personalization = requests[0]!
      .personalizations[0]! as (typeof requests)[0]['personalizations'][0] & {
      custom_args: Record<string, string>;
    };
    expect(personalization.custom_args.campaign_id).toBe(created.body.id);
    const listUnsubscribe = personalization.headers!['List-Unsubscribe']!;
    expect(personalization.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(listUnsubscribe.slice(1, -1));
    expect(url.pathname).toBe('/unsubscribe');
    const [recipient] = (await harness.dataSource.query(
      `SELECT supporter_id FROM campaign_recipients WHERE id = $1`,
      [personalization.custom_args.recipient_id],
    )) as { supporter_id: string }[];
    expect(verifyUnsubscribeToken(TEST_APP_SECRET, url.searchParams.get('token')!)).toBe(
      recipient!.supporter_id,
    );
    expect(Object.values(personalization.substitutions!)).toContain(url.toString());
    expect(requests[0]!.categories).toEqual(['campaign']);

    const recipients = await request(harness.url)
      .get(`/campaigns/${created.body.id}/recipients`)
      .query({ limit: 20 })
      .set('Authorization', comms)
      .expect(200);
    expect(recipients.body.items).toHaveLength(20);
    const rest = await request(harness.url)
      .get(`/campaigns/${created.body.id}/recipients`)
      .query({ limit: 20, cursor: recipients.body.nextCursor })
      .set('Authorization', comms)
      .expect(200);
    expect(rest.body.items).toHaveLength(5);
    expect(rest.body.nextCursor).toBeNull();
    // Recipient ids are ordered for the ledger's indexes, and still RFC 4122 UUIDs (variant 8-b).
    for (const item of [...recipients.body.items, ...rest.body.items] as { id: string }[]) {
      expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }

    const listed = await request(harness.url)
      .get('/campaigns')
      .query({ status: 'sent' })
      .set('Authorization', comms)
      .expect(200);
    expect(listed.body.items.find((c: { id: string }) => c.id === created.body.id).counts).toMatchObject({
      total: 25,
      sent: 25,
    });

    await request(harness.url)
      .post(`/campaigns/${created.body.id}/send`)
      .set('Authorization', comms)
      .expect(409);
    await request(harness.url)
      .patch(`/campaigns/${created.body.id}`)
      .set('Authorization', comms)
      .send({ name: 'x' })
      .expect(409);
  });

  it('schedules at a time written with an hour-only offset, as IsInstant accepts it', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const created = await createCampaign({ name: 'Offset', scheduledAt: `${year}-06-01T09:30+01` }).expect(
      201,
    );
    expect(created.body).toMatchObject({ status: 'scheduled', scheduledAt: `${year}-06-01T08:30:00.000Z` });
  });

  it('refuses null for what a campaign cannot be without, and unschedules it on scheduledAt null', async () => {
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const created = await createCampaign({ name: 'Nulls', scheduledAt: soon }).expect(201);
    expect(created.body.status).toBe('scheduled');
    const patch = (body: Record<string, unknown>) =>
      request(harness.url).patch(`/campaigns/${created.body.id}`).set('Authorization', comms).send(body);
    for (const field of ['name', 'subject', 'segmentId']) {
      const refused = await patch({ [field]: null }).expect(400);
      expect(refused.body.message).toContain(field);
    }
    const unscheduled = await patch({ scheduledAt: null }).expect(200);
    expect(unscheduled.body).toMatchObject({ name: 'Nulls', status: 'draft', scheduledAt: null });
  });

  it('answers 503 when SendGrid cannot take a test send now, and 502 when it refuses it', async () => {
    const created = await createCampaign({ name: 'Test refused' }).expect(201);
    const test = () =>
      request(harness.url)
        .post(`/campaigns/${created.body.id}/test`)
        .set('Authorization', comms)
        .send({ emails: ['editor@example.org'] });
    harness.sendgrid.script({ status: 500 });
    expect((await test().expect(503)).body.message).toMatch(/try again/);
    harness.sendgrid.script({
      status: 429,
      headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 5) },
    });
    expect((await test().expect(503)).body.message).toMatch(/try again in \d+ s/);
    harness.sendgrid.script({ status: 400, body: { errors: [{ message: 'bad from' }] } });
    expect((await test().expect(502)).body.message).toMatch(/refused/);
  });

  it('sends a test to given addresses only, marked as a test', async () => {
    const created = await createCampaign({ name: 'Test me' }).expect(201);
    const before = harness.sendgrid.sends.length;
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({ emails: ['editor@example.org'] })
      .expect(200);
    const [test] = harness.sendgrid.sends.slice(before);
    expect(test!.personalizations[0]!.to[0]!.email).toBe('editor@example.org');
    expect(test!.subject).toBe('[Test] News for friend');
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({ to: 'second@example.org' })
      .expect(200, { sentTo: ['second@example.org'] });
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({})
      .expect(400);
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({ emails: ['not-an-address'] })
      .expect(400);
    await harness.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason, source) VALUES ('bounced@example.org', 'bounce', 'test')`,
    );
    const sendsBefore = harness.sendgrid.sends.length;
    const suppressed = await request(harness.url)
      .post(`/campaigns/${created.body.id}/test`)
      .set('Authorization', comms)
      .send({ emails: ['editor@example.org', 'Bounced@example.org'] })
      .expect(400);
    expect(suppressed.body.message).toContain('bounced@example.org (bounce)');
    expect(harness.sendgrid.sends.length).toBe(sendsBefore);
    const status = await campaignStatus(created.body.id);
    expect(status.status).toBe('draft');
    expect(status.counts.total).toBe(0);
  });

  it('retries a batch after a 500 and waits out a 429, sending each recipient once and failing no job', async () => {
    const created = await createCampaign({ name: 'Flaky' }).expect(201);
    const before = harness.sentTo().length;
    harness.sendgrid.script(
      { status: 429, headers: { 'X-RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) } },
      { status: 500 },
    );
    await sendAndWait(created.body.id);
    const emails = harness.sentTo().slice(before);
    expect(emails).toHaveLength(25);
    expect(new Set(emails).size).toBe(25);
    expect(await harness.dispatch().queue.getFailedCount()).toBe(0);
  });

  it('sends nothing new to SendGrid after a 429 until its reset time, from any batch', async () => {
    const paced = await MailerHarness.start({
      env: { MAIL_BATCH_SIZE: '1', MAIL_DISPATCH_CONCURRENCY: '2' },
    });
    try {
      const emails = [0, 1, 2, 3, 4, 5].map((n) => `paced${n}@example.org`);
      const campaign = await OwnCampaign.create(paced, 'Paced', emails);
      const resetSeconds = Math.ceil(Date.now() / 1000) + 2;
      paced.sendgrid.script({ status: 429, headers: { 'X-RateLimit-Reset': String(resetSeconds) } });
      await campaign.post('send');
      await campaign.reach();
      const [limited, ...rest] = paced.sendgrid.requestsTo('POST', '/v3/mail/send');
      // While the 429 is being handled, the other slot may finish its request and fetch one more
      // batch before the pause is set: at most one per slot, then nothing until the reset.
      const beforeReset = rest.filter((sent) => sent.receivedAt < resetSeconds * 1000 - 50);
      expect(limited).toBeDefined();
      expect(beforeReset.length).toBeLessThanOrEqual(2);
      expect(rest.length - beforeReset.length).toBeGreaterThanOrEqual(emails.length - 1 - 2);
      expect(paced.sentTo().sort()).toEqual(emails);
    } finally {
      await paced.stop();
    }
  });

  it('marks a batch that timed out uncertain and resends only its recipients no event has confirmed', async () => {
    const created = await createCampaign({ name: 'Timeout' }).expect(201);
    const before = harness.sendgrid.sends.length;
    harness.sendgrid.script(
      { status: 202, headers: { 'X-Message-Id': 'first' } },
      { status: 202, hang: true },
    );
    const state = await sendAndWait(created.body.id, (s) => s.status === 'sent' && s.batches.uncertain === 1);
    const hung = harness.sendgrid.sends[before + 1]!;
    const inHungBatch = hung.personalizations.length;
    expect(state.counts.uncertain).toBe(inHungBatch);
    expect(state.uncertainBatches).toEqual([expect.objectContaining({ unconfirmed: inHungBatch })]);
    // SendGrid did get the hung request: confirm three of its recipients as if by webhook events.
    const uncertain = (await harness.dataSource.query(
      `SELECT id FROM campaign_recipients WHERE campaign_id = $1 AND status = 'uncertain' ORDER BY id LIMIT 3`,
      [created.body.id],
    )) as { id: string }[];
    for (const [n, row] of uncertain.entries()) {
      await harness.dataSource.query(
        `INSERT INTO email_events (provider_event_id, type, campaign_id, recipient_id, occurred_at) VALUES ($1, 'processed', $2, $3, now())`,
        [`evt-${created.body.id}-${n}`, created.body.id, row.id],
      );
    }
    const beforeResend = harness.sentTo().length;
    const requeued = await request(harness.url)
      .post(`/campaigns/${created.body.id}/resend-uncertain`)
      .set('Authorization', comms)
      .expect(202);
    expect(requeued.body).toEqual({ recipients: inHungBatch - 3, batches: 1 });
    const after = await waitFor(async () => {
      const s = await campaignStatus(created.body.id);
      return s.status === 'sent' && s.counts.uncertain === 0 ? s : null;
    });
    expect(after.counts.sent).toBe(25);
    const resent = harness.sentTo().slice(beforeResend);
    expect(resent).toHaveLength(inHungBatch - 3);
    const hungEmails = hung.personalizations.map((p) => p.to[0]!.email);
    for (const email of resent) expect(hungEmails).toContain(email);
    const confirmed = (await harness.dataSource.query(
      `SELECT email FROM campaign_recipients WHERE id = ANY($1::uuid[])`,
      [uncertain.map((row) => row.id)],
    )) as { email: string }[];
    for (const row of confirmed) expect(resent).not.toContain(row.email);
  });

  it('skips recipients who stopped being mailable before their batch went out again, at once', async () => {
    const late = await MailerHarness.start();
    try {
      const campaign = await OwnCampaign.create(
        late,
        'Late',
        ['stays', 'leaves', 'bounces'].map((name) => `${name}@example.org`),
      );
      late.sendgrid.script({ status: 400, body: { errors: [] } });
      await campaign.post('send');
      await campaign.reach((state) => state.counts?.failed === 3);
      await late.dataSource.query(
        `UPDATE newsletter_subscriptions SET status = 'unsubscribed' WHERE supporter_id = (SELECT id FROM supporters WHERE email = 'leaves@example.org')`,
      );
      await late.dataSource.query(
        `INSERT INTO suppressions (email_normalised, reason) VALUES ('bounces@example.org', 'bounce')`,
      );
      await campaign.post('retry-failed');
      const done = await campaign.reach((state) => state.status === 'sent' && state.counts.failed === 0);
      expect(done.counts).toMatchObject({ sent: 1, skipped: 2 });
      expect(late.sentTo()).toEqual(['stays@example.org']);
    } finally {
      await late.stop();
    }
  });

  it('skips someone who unsubscribes after the campaign started, before their batch goes out', async () => {
    const paced = await MailerHarness.start({
      env: { MAIL_BATCH_SIZE: '1', MAIL_DISPATCH_CONCURRENCY: '1', MAIL_SEND_RATE: '1' },
    });
    try {
      const campaign = await OwnCampaign.create(
        paced,
        'Midway',
        [0, 1, 2, 3].map((n) => `midway${n}@example.org`),
      );
      await campaign.post('send');
      // Four one-person batches, one a second: the last is read about 2 s after the first goes out.
      await waitFor(async () => paced.sendgrid.sends.length > 0);
      const [last] = (await paced.dataSource.query(
        // The last batch of the frozen audience: its ledger row is written only when it is claimed.
        `SELECT supporter_ids[1] AS supporter_id, emails[1] AS email FROM campaign_batch_members WHERE campaign_id = $1 ORDER BY seq DESC LIMIT 1`,
        [campaign.id],
      )) as { supporter_id: string; email: string }[];
      await paced.dataSource.query(
        `UPDATE newsletter_subscriptions SET status = 'unsubscribed', unsubscribed_at = now() WHERE supporter_id = $1`,
        [last!.supporter_id],
      );
      const done = await campaign.reach();
      expect(done.counts).toMatchObject({ sent: 3, skipped: 1 });
      expect(paced.sentTo()).not.toContain(last!.email);
    } finally {
      await paced.stop();
    }
  });

  it("records a batch sent when SendGrid's 202 comes after a second mailer took it for uncertain", async () => {
    const slow = await MailerHarness.start();
    let second: BootedApp | null = null;
    try {
      const campaign = await OwnCampaign.create(
        slow,
        'Slow',
        [0, 1, 2].map((n) => `slow${n}@example.org`),
      );
      slow.sendgrid.script({ status: 202, headers: { 'X-Message-Id': 'late-202' }, delayMs: 1500 });
      await campaign.post('send');
      await waitFor(async () => slow.sendgrid.sends.length > 0);
      // Another mailer starts while the request is in flight: its recovery sweep takes the batch
      // for one cut off mid-request.
      second = await bootApp(
        loadMailerConfig(slow.env.env({ ...slow.sendgrid.env(), SENDGRID_TIMEOUT_MS: '2000' })),
        MailerModule.forRoot,
      );
      const done = await campaign.reach((state) => state.status === 'sent' && state.counts.sent === 3);
      expect(done.counts).toMatchObject({ sent: 3, uncertain: 0 });
      expect(slow.sendgrid.sends).toHaveLength(1);
    } finally {
      await second?.close();
      await slow.stop();
    }
  });

  it('retries failed recipients alone', async () => {
    const created = await createCampaign({ name: 'Rejected' }).expect(201);
    harness.sendgrid.script({ status: 400, body: { errors: [{ message: 'bad request' }] } });
    const failed = await sendAndWait(created.body.id, (s) => s.status === 'sent' && s.batches.failed === 1);
    // Batches of 10, 10 and 5 go out at once: the 400 answers whichever request arrived first.
    const inFailedBatch = failed.counts.failed;
    expect([5, 10]).toContain(inFailedBatch);
    expect(failed.counts.sent).toBe(25 - inFailedBatch);
    const before = harness.sentTo().length;
    await request(harness.url)
      .post(`/campaigns/${created.body.id}/retry-failed`)
      .set('Authorization', comms)
      .expect(202);
    const done = await waitFor(async () => {
      const s = await campaignStatus(created.body.id);
      return s.status === 'sent' && s.counts.failed === 0 ? s : null;
    });
    expect(done.counts.sent).toBe(25);
    expect(harness.sentTo().slice(before)).toHaveLength(inFailedBatch);
  });

  it('starts a scheduled campaign at its time, and a cancelled one never', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    const scheduled = await createCampaign({ name: 'Scheduled', scheduledAt: soon }).expect(201);
    const cancelled = await createCampaign({ name: 'Cancelled', scheduledAt: soon }).expect(201);
    expect(scheduled.body.status).toBe('scheduled');
    await request(harness.url)
      .post(`/campaigns/${cancelled.body.id}/cancel`)
      .set('Authorization', comms)
      .expect(200);
    await waitFor(async () => (await campaignStatus(scheduled.body.id)).status === 'sent', {
      timeoutMs: 15_000,
    });
    const rows = (await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1`,
      [cancelled.body.id],
    )) as { n: number }[];
    expect(rows[0]!.n).toBe(0);
    expect((await campaignStatus(cancelled.body.id)).status).toBe('cancelled');
  });
});
