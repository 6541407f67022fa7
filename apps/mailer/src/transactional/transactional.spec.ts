import { verifyUnsubscribeToken } from '@crm/auth';
import { transactionalJobId, type TransactionalEmail } from '@crm/queues';
import { TEST_APP_SECRET, waitFor } from '@crm/testing';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

const sendEmail = async (harness: MailerHarness, email: TransactionalEmail): Promise<void> =>
  harness.transactional().add('send-email', email, { jobId: transactionalJobId(email) });

const ledgerStatus = async (
  harness: MailerHarness,
  template: string,
  reference: string,
): Promise<string | undefined> => {
  const rows = (await harness.dataSource.query(
    `SELECT status FROM transactional_messages WHERE template = $1 AND reference = $2`,
    [template, reference],
  )) as { status: string }[];
  return rows[0]?.status;
};

describe('transactional mail through SendGrid', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  it('sends a confirm-subscription email with the escaped name, the link, text part and org footer', async () => {
    const supporterId = await harness.seedSupporter({ email: 'ada@example.org', firstName: '<Ada>' });
    await sendEmail(harness, {
      template: 'confirm-subscription',
      reference: supporterId,
      supporterId,
      confirmUrl: 'https://crm.example.org/subscribe/confirm?token=abc',
    });
    await waitFor(async () => (await ledgerStatus(harness, 'confirm-subscription', supporterId)) === 'sent');
    const sent = harness.sendgrid.sends.at(-1)!;
    expect(sent.personalizations[0]!.to[0]!.email).toBe('ada@example.org');
    const [text, html] = sent.content!;
    expect(text!.type).toBe('text/plain');
    expect(text!.value).toContain('Hello <Ada>,');
    expect(text!.value).toContain('https://crm.example.org/subscribe/confirm?token=abc');
    expect(html!.type).toBe('text/html');
    expect(html!.value).toContain('Hello &lt;Ada&gt;,');
    expect(html!.value).not.toContain('<Ada>');
    expect(html!.value).toContain('Example Campaign Group, 1 Example Street, London, N1 1AA');
    expect(sent.categories).toEqual(['transactional', 'confirm-subscription']);
  });

  it('uses the fallback when the first name is missing', async () => {
    const supporterId = await harness.seedSupporter({ email: 'nameless@example.org' });
    await sendEmail(harness, { template: 'welcome', reference: supporterId, supporterId });
    await waitFor(async () => (await ledgerStatus(harness, 'welcome', supporterId)) === 'sent');
    const sent = harness.sendgrid.sends.find(
      (body) => body.personalizations[0]!.to[0]!.email === 'nameless@example.org',
    );
    expect(sent!.content![0]!.value).toContain('Hello there,');
  });

  it("gives the welcome email, the newsletter's first, a footer unsubscribe link and one-click headers for that supporter", async () => {
    const supporterId = await harness.seedSupporter({ email: 'welcome@example.org', firstName: 'Wel' });
    await sendEmail(harness, { template: 'welcome', reference: `u-${supporterId}`, supporterId });
    await waitFor(async () => (await ledgerStatus(harness, 'welcome', `u-${supporterId}`)) === 'sent');
    const sent = harness.sendgrid.sends.find(
      (body) => body.personalizations[0]!.to[0]!.email === 'welcome@example.org',
    )!;
    const link = /<(https?:[^>]+)>/.exec(String(sent.headers?.['List-Unsubscribe']))![1]!;

    expect(sent.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(verifyUnsubscribeToken(TEST_APP_SECRET, new URL(link).searchParams.get('token')!)).toBe(
      supporterId,
    );
    expect(sent.content![0]!.value).toContain(`Unsubscribe: ${link}`);
  });

  it('sends each (template, reference) once even when the job is added again after completing', async () => {
    const supporterId = await harness.seedSupporter({ email: 'once@example.org', firstName: 'Once' });
    const email: TransactionalEmail = { template: 'welcome', reference: `w-${supporterId}`, supporterId };
    await sendEmail(harness, email);
    await waitFor(async () => (await ledgerStatus(harness, 'welcome', email.reference)) === 'sent');
    // A different job id for the same (template, reference): only the ledger can stop a second send.
    await harness.transactional().add('send-email', email, { jobId: `again-${supporterId}` });
    const queue = harness.transactional().queue;
    await waitFor(async () => (await queue.getJobState(`again-${supporterId}`)) === 'completed');
    const toOnce = harness.sendgrid.sends.filter(
      (body) => body.personalizations[0]!.to[0]!.email === 'once@example.org',
    );
    expect(toOnce).toHaveLength(1);
  });

  it('retries after a SendGrid 500 and sends once', async () => {
    const supporterId = await harness.seedSupporter({ email: 'retry@example.org' });
    harness.sendgrid.script({ status: 500, body: { errors: [{ message: 'boom' }] } });
    await sendEmail(harness, { template: 'welcome', reference: `r-${supporterId}`, supporterId });
    await waitFor(async () => (await ledgerStatus(harness, 'welcome', `r-${supporterId}`)) === 'sent', {
      timeoutMs: 15_000,
    });
    const attempts = harness.sendgrid
      .requestsTo('POST', '/v3/mail/send')
      .filter((req) => req.rawBody.includes('retry@example.org'));
    expect(attempts).toHaveLength(2);
  });

  it('gives up at once when SendGrid rejects the request itself (400)', async () => {
    const supporterId = await harness.seedSupporter({ email: 'rejected@example.org' });
    harness.sendgrid.script({ status: 400, body: { errors: [{ message: 'invalid' }] } });
    const email: TransactionalEmail = { template: 'welcome', reference: `x-${supporterId}`, supporterId };
    await sendEmail(harness, email);
    const queue = harness.transactional().queue;
    await waitFor(async () => (await queue.getJobState(transactionalJobId(email))) === 'failed');
    expect((await queue.getJob(transactionalJobId(email)))?.attemptsMade).toBe(1);
    expect(await ledgerStatus(harness, 'welcome', email.reference)).toBe('failed');
  });

  it('waits out a 429 without failing the job', async () => {
    const supporterId = await harness.seedSupporter({ email: 'limited@example.org' });
    harness.sendgrid.script({ status: 429, headers: { 'Retry-After': '1' }, body: { errors: [] } });
    const email: TransactionalEmail = { template: 'welcome', reference: `l-${supporterId}`, supporterId };
    await sendEmail(harness, email);
    await waitFor(async () => (await ledgerStatus(harness, 'welcome', email.reference)) === 'sent', {
      timeoutMs: 15_000,
    });
    const job = await harness.transactional().queue.getJob(transactionalJobId(email));
    expect(job?.attemptsMade).toBe(1);
    expect(await job?.getState()).toBe('completed');
  });

  it('states the Gift Aid declaration on a receipt when the donation has one, and not otherwise', async () => {
    const supporterId = await harness.seedSupporter({ email: 'giver@example.org', firstName: 'Grace' });
    const [declaration] = (await harness.dataSource.query(
      `INSERT INTO gift_aid_declarations (supporter_id, first_name, last_name, house_name_or_number, postcode, wording_version, declared_at)
       VALUES ($1, 'Grace', 'Hopper', '1', 'N1 1AA', 'v1', now()) RETURNING id`,
      [supporterId],
    )) as { id: string }[];
    const donation = async (giftAidId: string | null): Promise<string> => {
      const [row] = (await harness.dataSource.query(
        `INSERT INTO donations (supporter_id, email, amount, currency, frequency, status, gift_aid_declaration_id, paid_at)
         VALUES ($1, 'giver@example.org', 2500, 'gbp', 'one_off', 'succeeded', $2, '2026-03-03T10:00:00Z') RETURNING id`,
        [supporterId, giftAidId],
      )) as { id: string }[];
      return row!.id;
    };
    const withGiftAid = await donation(declaration!.id);
    const without = await donation(null);
    for (const donationId of [withGiftAid, without]) {
      await sendEmail(harness, { template: 'donation-receipt', reference: donationId, donationId });
    }
    await waitFor(async () => (await ledgerStatus(harness, 'donation-receipt', without)) === 'sent');
    await waitFor(async () => (await ledgerStatus(harness, 'donation-receipt', withGiftAid)) === 'sent');
    const receipts = harness.sendgrid.sends.filter((body) => body.categories?.includes('donation-receipt'));
    expect(receipts).toHaveLength(2);
    for (const receipt of receipts) {
      expect(receipt.subject).toBe('Thank you for your donation of £25.00');
      expect(receipt.content![0]!.value).toContain('on 3 March 2026');
    }
    const giftAidTexts = receipts.filter((receipt) =>
      receipt.content![0]!.value.includes('Gift Aid declaration'),
    );
    expect(giftAidTexts).toHaveLength(1);
  });
});

describe('transactional mail through the dev outbox', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start({ transport: 'outbox' });
  });
  afterAll(() => harness.stop());

  it('stores the message instead of sending it; staff list it and view its HTML', async () => {
    const supporterId = await harness.seedSupporter({ email: 'dev@example.org', firstName: 'Dev' });
    await sendEmail(harness, {
      template: 'confirm-subscription',
      reference: supporterId,
      supporterId,
      confirmUrl: 'http://localhost:3002/subscribe/confirm?token=t1',
    });
    const comms = await harness.bearer('comms');
    const list = await waitFor(async () => {
      const response = await request(harness.url)
        .get('/outbox')
        .query({ to: 'dev@example.org' })
        .set('Authorization', comms);
      return response.body.items?.length === 1 ? response.body : null;
    });
    const [message] = list.items;
    expect(message).toMatchObject({
      to: 'dev@example.org',
      subject: 'Please confirm your subscription',
      template: 'confirm-subscription',
      reference: supporterId,
    });
    // Link tokens are for admins only (see outbox.spec.ts).
    expect(message.text).toContain('http://localhost:3002/subscribe/confirm?token=redacted');
    expect(harness.sendgrid.requests).toHaveLength(0);

    const html = await request(harness.url).get(message.htmlUrl).set('Authorization', comms).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('Hello Dev,');
  });

  it('pages the outbox with an opaque cursor and rejects a forged one', async () => {
    const comms = await harness.bearer('comms');
    for (const n of [1, 2, 3]) {
      const supporterId = await harness.seedSupporter({ email: `page${n}@example.org` });
      await sendEmail(harness, { template: 'welcome', reference: supporterId, supporterId });
    }
    await waitFor(async () => {
      const rows = (await harness.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE template = 'welcome'`,
      )) as { n: number }[];
      return rows[0]!.n === 3;
    });
    const first = await request(harness.url)
      .get('/outbox')
      .query({ limit: 2 })
      .set('Authorization', comms)
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await request(harness.url)
      .get('/outbox')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set('Authorization', comms)
      .expect(200);
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    await request(harness.url)
      .get('/outbox')
      .query({ cursor: 'bm9wZQ' })
      .set('Authorization', comms)
      .expect(400);
  });

  it("pages through a campaign batch's outbox messages, written by one statement at one microsecond", async () => {
    const comms = await harness.bearer('comms');
    const to = 'same-instant@example.org';
    await harness.dataSource.query(
      `INSERT INTO outbox_messages (to_address, from_address, subject, html, text, created_at)
       SELECT $1, 'news@example.org', 'News ' || n, '<p>News</p>', 'News', '2026-03-01T09:00:00.654321Z'
         FROM generate_series(1, 5) n`,
      [to],
    );
    const subjects: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await request(harness.url)
        .get('/outbox')
        .query({ to, limit: 2, ...(cursor ? { cursor } : {}) })
        .set('Authorization', comms)
        .expect(200);
      subjects.push(...page.body.items.map((item: { subject: string }) => item.subject));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(subjects.sort()).toEqual(['News 1', 'News 2', 'News 3', 'News 4', 'News 5']);
  });

  it('refuses the outbox without a token, to a role without campaigns:read, and a bad id with 400', async () => {
    await request(harness.url).get('/outbox').expect(401);
    await request(harness.url)
      .get('/outbox')
      .set('Authorization', await harness.bearer('fundraising'))
      .expect(403);
    const comms = await harness.bearer('comms');
    await request(harness.url).get('/outbox/not-a-uuid').set('Authorization', comms).expect(400);
    await request(harness.url)
      .get('/outbox/7d9f0c3e-1111-4222-8333-944455556666')
      .set('Authorization', comms)
      .expect(404);
  });
});
