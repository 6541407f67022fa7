import { closeQueueConnection, mailerDispatchQueue, queueKeyPrefix } from '@crm/queues';
import { FakeSendGrid, SendGridWebhookSigner } from '@crm/testing';
import { Queue } from 'bullmq';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * An email's life in the console, in a real browser against the real system with the fake SendGrid:
 * it goes out in small, slowed batches while the progress page watches; SendGrid refuses one batch
 * and the comms user retries it; signed SendGrid events (opens, clicks on two links, a bounce…)
 * then fill the report; a notification says the send finished; a viewer sees it all but can change
 * nothing. Every screen is checked with axe and photographed into test-artifacts/screens/.
 */
const PEOPLE = 12;
const BATCH_SIZE = 2;
const APPEAL_LINK = 'https://example.org/winter-appeal';
const EVENT_LINK = 'https://example.org/events/carol-concert';
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  ...Array.from(
    { length: PEOPLE },
    (_, n) => `person${n + 1}@example.org,Person,Number ${n + 1},newsletter,2026-03-02 10:15:00`,
  ),
].join('\n');

interface Recipient {
  email: string;
  campaignId: string;
  recipientId: string;
}

describe('email progress, report and notifications in a browser', () => {
  const signer = new SendGridWebhookSigner();
  let sendgrid: FakeSendGrid;
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;
  let commsBearer: string;
  let campaignId: string;
  const campaignName = 'Winter appeal 2026';

  beforeAll(async () => {
    sendgrid = await new FakeSendGrid().start();
    ui = await ConsoleBrowser.start({
      ...sendgrid.env(),
      SENDGRID_WEBHOOK_PUBLIC_KEY: signer.publicKey,
      // Six batches at two recipients a second: slow enough to watch the progress page move.
      MAIL_BATCH_SIZE: String(BATCH_SIZE),
      MAIL_SEND_RATE: '2',
      MAIL_DISPATCH_CONCURRENCY: '1',
      // A batch SendGrid never answers becomes uncertain after this long.
      SENDGRID_TIMEOUT_MS: '3000',
    });
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'progress-seed');
    commsBearer = await ui.bearer('comms', 'progress-comms');
    await importSupporters();
    campaignId = await createCampaign(await createAudience());
  }, 240_000);
  afterEach(() => ui?.closeContexts());
  afterAll(async () => {
    await ui?.stop();
    await sendgrid?.stop();
  });

  const api = (app: 'subscribers' | 'mailer', method: string, path: string, body?: unknown) =>
    ui.api<Record<string, unknown>>(commsBearer, app, method, path, body);
  const importSupporters = () => ui.importSupporters(adminBearer, SUPPORTERS_CSV, 'website form');

  async function createAudience(): Promise<string> {
    const segment = await api('subscribers', 'POST', '/segments', {
      name: 'Newsletter readers',
      rules: { all: [{ field: 'subscription.status', op: 'eq', value: 'subscribed' }] },
    });
    return segment.id as string;
  }

  async function createCampaign(segmentId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const campaign = await api('mailer', 'POST', '/campaigns', {
      name: campaignName,
      subject: 'Keep someone warm this winter',
      markdown: [
        'Dear {{firstName|friend}},',
        '',
        `This winter, £25 keeps a family warm for a week. [Give to the winter appeal](${APPEAL_LINK})`,
        '',
        `Or join us at the [carol concert](${EVENT_LINK}).`,
      ].join('\n'),
      segmentId,
      ...extra,
    });
    return campaign.id as string;
  }

  /** Who SendGrid was asked to email, with the ids our custom_args carry (and SendGrid echoes in events). */
  const recipients = (bodies = sendgrid.accepted): Recipient[] =>
    bodies.flatMap((body) =>
      body.personalizations.map((personalization) => ({
        email: personalization.to[0]!.email,
        campaignId: (personalization.custom_args ?? body.custom_args)!.campaign_id!,
        recipientId: (personalization.custom_args ?? body.custom_args)!.recipient_id!,
      })),
    );

  let eventSeq = 0;
  const event = (type: string, to: Recipient, extra: Record<string, unknown> = {}) => ({
    email: to.email,
    event: type,
    sg_event_id: `browser-${++eventSeq}`,
    sg_message_id: `browser-message-${to.recipientId}`,
    timestamp: Math.floor(Date.now() / 1000),
    campaign_id: to.campaignId,
    recipient_id: to.recipientId,
    ...extra,
  });

  async function postSignedEvents(events: unknown[]): Promise<void> {
    const signed = signer.sign(events);
    const response = await fetch(`${system.apps.mailer.url}/webhooks/sendgrid`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    expect(response.status).toBe(200);
  }

  const signedInAs = (role: 'comms' | 'viewer') =>
    ui.signedInAs(role, { viewport: { width: 1280, height: 800 } });
  /** A page that polls never goes network-idle; those are looked at as they are (`settle: false`). */
  const look = (page: Page, screen: string, options: { settle?: boolean } = {}) =>
    ui.look(page, screen, options);

  it('shows the send live, explains a refused batch and retries it, until the email is sent', async () => {
    const { page } = await signedInAs('comms');
    // SendGrid refuses the first batch outright (a 400): nobody in it was emailed.
    sendgrid.script({
      status: 400,
      body: { errors: [{ message: 'The from address does not match a verified Sender Identity' }] },
    });
    await api('mailer', 'POST', `/campaigns/${campaignId}/send`);
    await page.goto(`${system.url}/emails/${campaignId}`);
    await page.getByRole('heading', { name: campaignName, level: 1 }).waitFor();
    const bar = page.getByRole('progressbar', { name: new RegExp(`^Sent to \\d+ of ${PEOPLE} people$`) });
    await bar.waitFor();
    await page.getByText(/About [\d,]+ emails a minute|Starting…/).waitFor();
    await look(page, 'email-progress-sending', { settle: false });

    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention
      .getByText(
        'SendGrid refused the email for 2 people, so they have not been emailed. Retrying is safe.',
        {
          exact: false,
        },
      )
      .waitFor({ timeout: 30_000 });
    await page.getByText('Status: Sent').waitFor({ timeout: 30_000 });
    await attention
      .getByText('SendGrid said: “The from address does not match a verified Sender Identity”')
      .waitFor();
    expect(await bar.count()).toBe(0);
    await look(page, 'email-progress-needs-attention');

    // The mailer's dispatch queue is held while the retry is asked for, so the page is seen with the
    // email sending again however fast the fake SendGrid answers.
    const connection = system.environment.queueConnection();
    const dispatch = new Queue(mailerDispatchQueue.name, {
      connection,
      prefix: queueKeyPrefix(system.environment.queuePrefix),
    });
    try {
      await dispatch.pause();
      await attention.getByRole('button', { name: 'Retry sending to 2 people' }).click();
      await page.getByText('Status: Sending').waitFor();
      await page.getByText('2 people will be sent the email again.').waitFor();
      await look(page, 'email-progress-retrying', { settle: false });
    } finally {
      await dispatch.resume();
      await dispatch.close();
      await closeQueueConnection(connection);
    }
    await page
      .getByText(new RegExp(`Sent on \\d\\d/\\d\\d/\\d{4} at \\d\\d:\\d\\d to ${PEOPLE} of ${PEOPLE} people`))
      .waitFor({ timeout: 30_000 });
    // Once sent, the notice says what happened, not what will.
    await page.getByText('Sent again to 2 people.').waitFor();
    expect(await page.getByText('will be sent the email again').count()).toBe(0);
    expect(await attention.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    expect(recipients()).toHaveLength(PEOPLE);
    await look(page, 'email-progress-sent');
  }, 90_000);

  it('fills the report from signed SendGrid events: counts, rates, clicks per link, gifts that followed', async () => {
    const to = recipients().filter((recipient) => recipient.campaignId === campaignId);
    expect(to).toHaveLength(PEOPLE);
    const [first, second, third, fourth, fifth, sixth] = to.slice(0, 6) as [
      Recipient,
      Recipient,
      Recipient,
      Recipient,
      Recipient,
      Recipient,
    ];
    const last = to[PEOPLE - 1]!;
    await postSignedEvents([
      ...to.slice(0, -1).map((recipient) => event('delivered', recipient)),
      event('bounce', last, { reason: '550 mailbox unavailable', type: 'bounce' }),
      ...[first, second, third, fourth, fifth, sixth].map((recipient) => event('open', recipient)),
      event('click', first, { url: APPEAL_LINK }),
      event('click', first, { url: APPEAL_LINK }),
      event('click', second, { url: APPEAL_LINK }),
      event('click', third, { url: APPEAL_LINK }),
      event('click', first, { url: EVENT_LINK }),
      event('unsubscribe', sixth),
    ]);
    // Two gifts from recipients the day after the send (the donations app's table, as its webhook writes it).
    const supporters = (await system.dataSource.query(
      `SELECT supporter_id FROM campaign_recipients WHERE id = ANY($1::uuid[])`,
      [[first.recipientId, second.recipientId]],
    )) as { supporter_id: string }[];
    for (const [n, { supporter_id }] of supporters.entries()) {
      await system.dataSource.query(
        `INSERT INTO donations (supporter_id, amount, currency, frequency, status, refunded_amount, paid_at)
         VALUES ($1, $2, 'gbp', 'one_off', 'succeeded', 0, now() + interval '1 minute')`,
        [supporter_id, n === 0 ? 100_000 : 23_450],
      );
    }

    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/emails/${campaignId}`);
    await page.getByRole('link', { name: 'Report' }).click();
    await page.getByRole('heading', { name: `Report: ${campaignName}` }).waitFor();
    const figures = page.getByRole('region', { name: 'What happened' });
    const figure = async (label: string) =>
      (await figures.getByText(label, { exact: true }).locator('xpath=..').innerText()).replace(/\s+/g, ' ');
    expect(await figure('Sent')).toBe(`Sent ${PEOPLE} people`);
    expect(await figure('Delivered')).toBe('Delivered 11 91.7% of sent');
    expect(await figure('Opened')).toBe('Opened 6 50% of sent');
    expect(await figure('Clicked a link')).toBe('Clicked a link 3 25% of sent');
    expect(await figure('Bounced')).toBe('Bounced 1 8.3% of sent');
    expect(await figure('Unsubscribed')).toBe('Unsubscribed 1 8.3% of sent');

    const links = page.getByRole('table', { name: 'Clicks per link, most clicked first' });
    const rows = await Promise.all(
      (await links.getByRole('row').all()).map(async (row) =>
        (await row.locator('th, td').allTextContents()).map((cell) => cell.trim()),
      ),
    );
    expect(rows).toEqual([
      ['Link', 'Clicks', 'People who clicked'],
      ['example.org/winter-appeal', '4', '3'],
      ['example.org/events/carol-concert', '1', '1'],
    ]);
    expect(await links.getByRole('link', { name: 'example.org/winter-appeal' }).getAttribute('href')).toBe(
      APPEAL_LINK,
    );
    await page.getByText('6 people opened this email; 3 people clicked a link in it.').waitFor();
    const download = page.getByRole('link', { name: 'Download who clicked (CSV)' });
    const csv = await page.request.get(
      new URL((await download.getAttribute('href'))!, system.url).toString(),
    );
    expect(csv.status()).toBe(200);
    expect((await csv.text()).split('\n').filter(Boolean)).toHaveLength(1 + 3);
    const donations = page.getByRole('region', { name: 'Donations that followed' });
    await donations.getByText('£1,234.50', { exact: true }).waitFor();
    await donations.getByText('2 gifts from 2 people, net of refunds').waitFor();
    await look(page, 'email-report');
  }, 60_000);

  it('tells staff in the top bar when a send finishes, and announces one that arrives while they work', async () => {
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/emails/${campaignId}`);
    const bell = page.getByRole('button', { name: /^Notifications \d+ unread$/ });
    await bell.waitFor();
    await bell.click();
    const sent = page.getByRole('link', { name: `New: Sent: ${campaignName}` }).first();
    await sent.waitFor();
    await page.getByText(`“${campaignName}” was sent`, { exact: false }).first().waitFor();
    await look(page, 'notifications-open');
    await sent.click();
    await page.getByRole('heading', { name: campaignName, level: 1 }).waitFor();
    // Opening the list read them all, in this browser, and a reload remembers it.
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();

    const segmentId = (await api('mailer', 'GET', `/campaigns/${campaignId}`)).segmentId as string;
    const carols = await createCampaign(segmentId, { name: 'Carol concert invitation' });
    await api('mailer', 'POST', `/campaigns/${carols}/send`);
    await page
      .getByRole('status')
      .filter({ hasText: /^New notification: “Carol concert invitation” was sent/ })
      .waitFor({ timeout: 40_000 });
    await page.getByRole('button', { name: 'Notifications 1 unread' }).waitFor();
    await look(page, 'notifications-unread');
    await page.reload();
    await page.getByRole('button', { name: 'Notifications 1 unread' }).click();
    await page.getByRole('link', { name: 'New: Sent: Carol concert invitation' }).waitFor();
    await page
      .getByRole('link', { name: `Sent: ${campaignName}` })
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
  }, 90_000);

  it('explains a batch SendGrid may not have received, and offers no resend until the wait is over', async () => {
    const segmentId = (await api('mailer', 'GET', `/campaigns/${campaignId}`)).segmentId as string;
    const id = await createCampaign(segmentId, { name: 'Christmas raffle' });
    // SendGrid never answers the first batch: it may or may not have sent it.
    sendgrid.script({ status: 0, hang: true });
    await api('mailer', 'POST', `/campaigns/${id}/send`);
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/emails/${id}`);
    const attention = page.getByRole('region', { name: 'Needs attention' });
    await attention
      .getByText(
        /^We could not tell whether SendGrid accepted the email for 2 people\. To avoid emailing anyone twice, wait until (\d\d\/\d\d\/\d{4} at )?\d\d:\d\d, then resend them\.$/,
      )
      .waitFor({ timeout: 30_000 });
    await page.getByText('Status: Sent').waitFor({ timeout: 30_000 });
    expect(await attention.getByRole('button').count()).toBe(0);
    await look(page, 'email-progress-uncertain');
    // SendGrid's events for everyone, the unanswered batch included, settle it: nothing is left to resend.
    const raffle = recipients(sendgrid.sends).filter((recipient) => recipient.campaignId === id);
    // Everyone but the two the first email's events took off the list (a bounce, an unsubscribe).
    const { counts } = (await api('mailer', 'GET', `/campaigns/${id}`)) as { counts: { total: number } };
    expect(counts.total).toBe(PEOPLE - 2);
    expect(raffle).toHaveLength(counts.total);
    await postSignedEvents(raffle.map((recipient) => event('delivered', recipient)));
    await attention.waitFor({ state: 'detached', timeout: 30_000 });
  }, 90_000);

  it('shows a viewer the progress and the report without any button that changes or downloads', async () => {
    const scheduledId = await createCampaign(
      (await api('mailer', 'GET', `/campaigns/${campaignId}`)).segmentId as string,
      {
        scheduledAt: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString(),
      },
    );
    const { page } = await signedInAs('viewer');
    await page.goto(`${system.url}/emails/${campaignId}`);
    await page.getByText('Status: Sent').waitFor();
    await page.getByRole('link', { name: 'Report' }).waitFor();
    expect(await page.getByRole('button', { name: /Cancel|Retry|Resend/ }).count()).toBe(0);
    await look(page, 'email-progress-viewer');
    // The email itself is folded away until asked for (its frame is sandboxed, so axe looked before).
    await page.getByText('See the email as people receive it').click();
    await page.getByText('As Sam Sample (sam.sample@example.org) receives it.').waitFor();
    await page.locator('iframe').first().waitFor();

    await page.goto(`${system.url}/emails/${campaignId}/report`);
    await page.getByRole('table', { name: 'Clicks per link, most clicked first' }).waitFor();
    await page.getByText('Communications staff and admins can download their names and addresses.').waitFor();
    expect(await page.getByRole('link', { name: /Download/ }).count()).toBe(0);
    await look(page, 'email-report-viewer');
    await page.setViewportSize({ width: 375, height: 800 });
    await look(page, 'email-report-viewer-375');

    await page.goto(`${system.url}/emails/${scheduledId}`);
    await page.getByText(/Scheduled to go out on \d\d\/\d\d\/\d{4} at \d\d:\d\d \(UK time\)/).waitFor();
    expect(await page.getByRole('button', { name: /Cancel/ }).count()).toBe(0);
  }, 60_000);

  it('lets comms cancel a scheduled email after a confirmation that says what cancelling does', async () => {
    const segmentId = (await api('mailer', 'GET', `/campaigns/${campaignId}`)).segmentId as string;
    const scheduledId = await createCampaign(segmentId, {
      scheduledAt: new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString(),
    });
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/emails/${scheduledId}`);
    await page.getByRole('button', { name: 'Cancel this email' }).click();
    const dialog = page.getByRole('dialog', { name: `Cancel “${campaignName}”?` });
    await dialog.getByText(/It will not go out on \d\d\/\d\d\/\d{4} at \d\d:\d\d\./).waitFor();
    await look(page, 'email-cancel-dialog');
    await dialog.getByRole('button', { name: 'Keep it scheduled' }).click();
    await page.getByText('Status: Scheduled').waitFor();
    await page.getByRole('button', { name: 'Cancel this email' }).click();
    await dialog.getByRole('button', { name: 'Cancel this email' }).click();
    await page.getByText('Status: Cancelled').waitFor();
    const stored = await api('mailer', 'GET', `/campaigns/${scheduledId}`);
    expect(stored.status).toBe('cancelled');
  }, 60_000);

  it('has no serious or critical accessibility violation on any screen', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(10);
    expect(ui.violations()).toEqual({});
  });
});
