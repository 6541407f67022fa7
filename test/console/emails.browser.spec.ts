import { waitFor } from '@crm/testing';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The console's Emails screens in a real browser against the real system (see
 * console.browser.spec.ts): a comms user writes an email to a saved audience, previews it as the
 * mailer renders it, sends a test, schedules it in UK time, repeats it, and sends another now
 * through a dialog that states the count; a viewer can look but not create or send.
 */
const AUDIENCE = 'Spring appeal supporters';
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  'sam.smith@example.org,Sam,Smith,spring-appeal,2026-03-02 10:15:00',
  'priya.patel@example.org,Priya,Patel,spring-appeal;london,2026-04-11 09:00:00',
  'tom.jones@example.net,Tom,Jones,spring-appeal,2026-04-12 09:00:00',
  'ada.lovelace@example.org,Ada,Lovelace,spring-appeal,2026-01-20 18:30:00',
  'grace.hopper@example.org,Grace,Hopper,spring-appeal,2026-02-20 18:30:00',
  'bounced.person@example.org,Bea,Bounce,spring-appeal,2026-02-21 18:30:00',
  'not.in.it@example.org,Nat,Other,volunteer,2026-02-22 18:30:00',
].join('\n');

interface Outboxed {
  to: string;
  subject: string;
  campaignId: string | null;
}

describe('the console’s emails in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;
  let segmentId: string;
  let audienceSize: { count: number; mailable: number };

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'emails-browser-seed');
    await importCsv(SUPPORTERS_CSV);
    // One of the audience bounced before: in the audience, but not emailed.
    await system.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason, source, created_at)
       VALUES ('bounced.person@example.org', 'bounce', 'sendgrid', now())`,
    );
    const rules = { all: [{ field: 'tags', op: 'contains', value: 'spring-appeal' }] };
    segmentId = ((await api('subscribers', 'POST', '/segments', { name: AUDIENCE, rules })) as { id: string })
      .id;
    audienceSize = (await api('subscribers', 'POST', '/segments/preview', { rules })) as typeof audienceSize;
    expect(audienceSize).toMatchObject({ count: 6, mailable: 5 });
  }, 120_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  /** A call to one of the apps with the admin token, answering the parsed body (a 2xx expected). */
  const api = (app: 'subscribers' | 'mailer', method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, app, method, path, body);
  const importCsv = (csv: string) => ui.importSupporters(adminBearer, csv);

  const outbox = async (query: string): Promise<Outboxed[]> =>
    ((await api('mailer', 'GET', `/outbox?${query}`)) as { items: Outboxed[] }).items;

  const campaign = async (id: string) =>
    (await api('mailer', 'GET', `/campaigns/${id}`)) as {
      status: string;
      scheduledAt: string | null;
      cron: string | null;
      markdown: string | null;
      tracking: { opens: boolean; clicks: boolean };
      counts: { total: number; sent: number };
    };

  /** A signed-in member of staff of this role, with the email address their test messages go to. */
  async function signedInAs(role: 'comms' | 'viewer') {
    const signedIn = await ui.signedInAs(role);
    const [staff] = (await system.dataSource.query(`SELECT email FROM staff_users WHERE id = $1`, [
      signedIn.userId,
    ])) as { email: string }[];
    return { ...signedIn, email: staff!.email };
  }
  /** The outbox shows each email in a sandboxed frame, where axe cannot run. */
  const look = (page: Page, screen: string) => ui.look(page, screen, { frames: false });

  it('lets a comms user write an email to an audience, preview it, test it, repeat it and schedule it in UK time', async () => {
    const { context, page, email: staffEmail } = await signedInAs('comms');
    await page.goto(`${system.url}/emails`);
    await page.getByRole('heading', { name: 'Emails', level: 1 }).waitFor();
    await page.getByText('No emails yet.').waitFor();
    await page.getByRole('link', { name: 'New email' }).click();
    await page.getByRole('heading', { name: 'New email' }).waitFor();

    // Step 1: nothing typed is said beside each field.
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Give the email a name.').waitFor();
    await page.getByText('Write a subject line.').waitFor();
    await page.getByLabel('Email name').fill('Spring appeal 2027');
    // A merge field the mailer does not know: refused when the draft is first saved, in step 2.
    await page.getByLabel('Subject line').fill('A spring gift, {{surname}}');
    await page.getByLabel('Sender name (optional)').fill('Riverside Trust');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Who should get this email?').selectOption({ label: AUDIENCE });
    await page.getByRole('button', { name: 'Save draft and continue' }).click();
    // Back on step 1, said beside the subject.
    const subject = page.getByLabel('Subject line');
    await subject.waitFor();
    expect(await subject.getAttribute('aria-invalid')).toBe('true');
    await page.getByText(/\{\{surname\}\} is not a name tag we can fill in/).waitFor();
    await look(page, 'email-wizard-details-refused');
    await subject.fill('A spring gift, {{firstName|friend}}');
    expect(await page.getByLabel('Email name').inputValue()).toBe('Spring appeal 2027');
    await look(page, 'email-wizard-details');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Step 2: the audience and how many of it can be emailed.
    await page.getByLabel('Who should get this email?').selectOption({ label: AUDIENCE });
    await page.getByText(`${audienceSize.mailable} can be emailed`).waitFor();
    await page.getByText(`of ${audienceSize.count} people in this audience`).waitFor();
    await look(page, 'email-wizard-audience');
    await page.getByRole('button', { name: 'Save draft and continue' }).click();
    await page.waitForURL(/\/emails\/[0-9a-f-]{36}\/edit\?step=content$/);
    const id = /emails\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect((await campaign(id)).status).toBe('draft');

    // Step 3: Markdown with a merge field put in at the cursor; the mailer's preview for Sam.
    const body = page.getByLabel('Email body');
    await body.fill('Hello !\n\nSpring is here and the **river needs you**.\n\nWith thanks');
    await body.evaluate((element) =>
      (element as unknown as { setSelectionRange(from: number, to: number): void }).setSelectionRange(6, 6),
    );
    await page
      .getByRole('group', { name: 'Insert a name tag' })
      .getByRole('button', { name: 'First name' })
      .click();
    expect(await body.inputValue()).toBe(
      'Hello {{firstName|friend}}!\n\nSpring is here and the **river needs you**.\n\nWith thanks',
    );
    const preview = page.frameLocator('iframe[title="Preview of the email"]');
    await preview.getByText('Hello Sam!').waitFor();
    await preview.locator('strong', { hasText: 'river needs you' }).waitFor();
    await page.getByText('Subject: A spring gift, Sam').waitFor();
    expect(await page.getByRole('switch', { name: 'Track opens and clicks' }).isChecked()).toBe(true);
    await look(page, 'email-wizard-content');
    await page.getByRole('tab', { name: 'Plain text' }).click();
    const text = page.getByLabel('Plain-text version of the email');
    await text.getByText('Hello Sam!').waitFor();
    // Derived from the rendered HTML, so no Markdown syntax shows.
    expect(await text.textContent()).toContain('river needs you');
    expect(await text.textContent()).not.toContain('**');
    await look(page, 'email-wizard-plain-text');
    // A body the mailer refuses is said beside the body.
    await body.fill('Hello {{surname}}');
    await page
      .getByText(/surname/)
      .first()
      .waitFor();
    await body.fill(
      'Hello {{firstName|friend}}!\n\nSpring is here and the **river needs you**.\n\nWith thanks',
    );
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await page.waitForURL(/step=test$/);
    const saved = await campaign(id);
    expect(saved.markdown).toContain('Hello {{firstName|friend}}!');
    expect(saved.tracking).toEqual({ opens: true, clicks: true });

    // Step 4: up to ten well-formed addresses, then the test is in the outbox.
    const testTo = page.getByLabel('Send a test to');
    expect(await testTo.inputValue()).toBe(staffEmail);
    await testTo.fill('not-an-address, trustee@example.org');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('These are not email addresses: not-an-address.').waitFor();
    await testTo.fill(Array.from({ length: 11 }, (_, n) => `person${n}@example.org`).join(', '));
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Enter at most 10 addresses; there are 11.').waitFor();
    await testTo.fill('trustee@example.org\ndirector@example.org');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Test sent to trustee@example.org, director@example.org.').waitFor();
    const tests = await outbox('to=trustee@example.org');
    expect(tests).toEqual([
      expect.objectContaining({ subject: expect.stringMatching(/^\[Test\] A spring gift, /) }),
    ]);
    await look(page, 'email-wizard-test');
    await page.getByRole('button', { name: 'Continue to schedule or send' }).click();
    await page.waitForURL(/step=send$/);

    // Step 5a: every Monday at 09:00 UK time is sent as that UK-time cron (the mailer runs it on UK time).
    await page.getByLabel('Send again and again').check();
    await page.getByLabel('How often').selectOption({ label: 'Every week' });
    await page.getByLabel('On', { exact: true }).selectOption({ label: 'Monday' });
    await page.getByLabel('At (UK time)').fill('09:00');
    await page.getByText('Every Monday at 09:00', { exact: true }).waitFor();
    // It stays at 09:00 when the clocks change, so there is nothing to warn about.
    expect(await page.getByText(/clocks change/).count()).toBe(0);
    await page.getByRole('button', { name: 'Start repeating' }).click();
    await page.getByText(/Saved\. “Spring appeal 2027” goes every Monday at 09:00, UK time\./).waitFor();
    await look(page, 'email-wizard-repeat');
    const repeating = await campaign(id);
    expect(repeating).toMatchObject({
      status: 'scheduled',
      cron: '0 9 * * 1',
      scheduledAt: null,
    });

    // Step 5b: once, at 09:30 on 1 July next year: British Summer Time, so 08:30 UTC.
    const year = new Date().getUTCFullYear() + 1;
    await page.getByLabel('Send at a date and time').check();
    await page.getByLabel('Date', { exact: true }).fill(`01/07/${year}`);
    await page.getByLabel('Time (UK)').fill('09:30');
    await page.getByText(`It will go on 01/07/${year} at 09:30, UK time.`).waitFor();
    await page.getByRole('button', { name: 'Schedule email' }).click();
    await page
      .getByText(`Scheduled. “Spring appeal 2027” goes on 01/07/${year} at 09:30, UK time.`)
      .waitFor();
    await look(page, 'email-wizard-scheduled');
    expect(await campaign(id)).toMatchObject({
      status: 'scheduled',
      scheduledAt: `${year}-07-01T08:30:00.000Z`,
      cron: null,
    });
    // A date that does not exist, and a time skipped when the clocks go forward, are said beside the date.
    const scheduleDate = page.getByLabel('Date', { exact: true });
    await scheduleDate.fill(`31/02/${year}`);
    await page.getByRole('button', { name: 'Schedule email' }).click();
    await page.getByText('Enter a real date.').waitFor();
    const clocksForward = new Date(Date.UTC(year, 2, 31));
    clocksForward.setUTCDate(31 - clocksForward.getUTCDay());
    await scheduleDate.fill(`${String(clocksForward.getUTCDate())}/03/${year}`);
    await page.getByLabel('Time (UK)').fill('01:30');
    await page.getByRole('button', { name: 'Schedule email' }).click();
    await page.getByText(/That time does not exist in the UK on that day/).waitFor();
    await page.getByLabel('Time (UK)').fill('09:30');
    // In winter (GMT) the same wall time is the same UTC time.
    await page.getByLabel('Date', { exact: true }).fill(`1/12/${year}`);
    await page.getByRole('button', { name: 'Schedule email' }).click();
    await page.getByText(`goes on 01/12/${year} at 09:30, UK time.`).waitFor();
    expect((await campaign(id)).scheduledAt).toBe(`${year}-12-01T09:30:00.000Z`);

    // The list shows it under Scheduled, with when it goes.
    await page.getByRole('link', { name: 'See scheduled emails' }).click();
    const row = page.getByRole('row', { name: /Spring appeal 2027/ });
    await row.getByText(`Goes 01/12/${year} at 09:30`).waitFor();
    await row.getByRole('cell', { name: AUDIENCE }).waitFor();
    // A scheduled email opens on its own page (progress, cancel, change); only drafts open the wizard.
    expect(await row.getByRole('link', { name: 'Spring appeal 2027' }).getAttribute('href')).toBe(
      `/emails/${id}`,
    );
    expect(await page.getByRole('link', { name: 'Scheduled' }).getAttribute('aria-current')).toBe('page');
    await look(page, 'emails-scheduled');
    await context.close();
  }, 150_000);

  it('sends an email now after a dialog that says how many people get it', async () => {
    const created = (await api('mailer', 'POST', '/campaigns', {
      name: 'Summer update',
      subject: 'Summer at the river, {{firstName|friend}}',
      markdown: 'Dear {{firstName|friend}},\n\nThank you for a great summer.',
      segmentId,
    })) as { id: string };
    const { context, page } = await signedInAs('comms');
    await page.goto(`${system.url}/emails?status=draft`);
    await page.getByRole('link', { name: 'Summer update' }).click();
    await page.waitForURL(`${system.url}/emails/${created.id}/edit`);
    // The content step works at phone width too: editor and preview one above the other.
    const steps = page.getByRole('navigation', { name: 'Steps' });
    await steps.getByRole('link', { name: 'Content' }).click();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.frameLocator('iframe[title="Preview of the email"]').getByText('Dear Sam,').waitFor();
    expect(
      await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    // Chromium paints a frame below the fold blank in a full-page screenshot unless it was scrolled to.
    await page.getByTitle('Preview of the email').scrollIntoViewIfNeeded();
    await look(page, 'email-wizard-content-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    // Leaving the step with unsaved changes asks first; staying keeps them.
    await page.getByLabel('Email body').fill('Dear {{firstName|friend}},\n\nA change not saved.');
    const questions: string[] = [];
    page.once('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.dismiss();
    });
    await steps.getByRole('link', { name: 'Schedule or send' }).click();
    expect(questions).toEqual(['Leave this step without saving your changes?']);
    expect(page.url()).toMatch(/step=content$/);
    page.once('dialog', (dialog) => void dialog.accept());
    await steps.getByRole('link', { name: 'Schedule or send' }).click();
    await page.waitForURL(/step=send$/);
    expect((await campaign(created.id)).markdown).toBe(
      'Dear {{firstName|friend}},\n\nThank you for a great summer.',
    );
    await page.getByLabel('Send now').check();
    const people = `${audienceSize.mailable} people`;
    await page
      .getByText(`It goes straight away to the ${people} in “${AUDIENCE}” who can be emailed.`)
      .waitFor();
    await page.getByRole('button', { name: 'Send now…' }).click();
    const dialog = page.getByRole('dialog', { name: `Send to ${people}?` });
    await dialog.waitFor();
    await look(page, 'email-send-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await campaign(created.id)).status).toBe('draft');

    await page.getByRole('button', { name: 'Send now…' }).click();
    await dialog.getByRole('button', { name: `Send to ${people}` }).click();
    await page.waitForURL(`${system.url}/emails/${created.id}`);
    await waitFor(async () => (await campaign(created.id)).status === 'sent', {
      timeoutMs: 20_000,
      intervalMs: 200,
      what: 'the send to finish',
    });
    const sent = await campaign(created.id);
    expect(sent.counts.total).toBe(audienceSize.mailable);
    const delivered = (await outbox('limit=200')).filter((message) => message.campaignId === created.id);
    expect(delivered.map((message) => message.to).sort()).toEqual([
      'ada.lovelace@example.org',
      'grace.hopper@example.org',
      'priya.patel@example.org',
      'sam.smith@example.org',
      'tom.jones@example.net',
    ]);

    await page.goto(`${system.url}/emails?status=sent`);
    const row = page.getByRole('row', { name: /Summer update/ });
    await row.getByRole('cell', { name: String(audienceSize.mailable), exact: true }).waitFor();
    await row.getByRole('link', { name: 'Report on Summer update' }).waitFor();
    await look(page, 'emails-sent');
    await context.close();
  }, 60_000);

  it('shows a viewer the emails but no way to create or send one, and the API refuses them', async () => {
    const { context, page, csrfToken } = await signedInAs('viewer');
    await page.goto(`${system.url}/emails`);
    await page.getByRole('link', { name: 'Spring appeal 2027' }).waitFor();
    expect(await page.getByRole('link', { name: 'New email' }).count()).toBe(0);
    await look(page, 'emails-viewer');
    // A viewer's link opens the email's own page, never the wizard.
    expect(await page.getByRole('link', { name: 'Spring appeal 2027' }).getAttribute('href')).toMatch(
      /^\/emails\/[0-9a-f-]{36}$/,
    );
    await page.getByRole('link', { name: 'Spring appeal 2027' }).click();
    await page.getByRole('heading', { name: 'Spring appeal 2027', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: /Send|Cancel|Schedule/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Edit/ }).count()).toBe(0);
    await look(page, 'email-viewer');
    await page.goto(`${system.url}/emails/new`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    expect(await page.getByRole('button', { name: /Send/ }).count()).toBe(0);

    const create = await page.request.post(`${system.url}/api/mailer/campaigns`, {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { name: 'Sneaky', subject: 'Hi', markdown: 'Hi', segmentId },
    });
    expect(create.status()).toBe(403);
    const [draft] = (await system.dataSource.query(
      `SELECT id FROM campaigns WHERE name = 'Spring appeal 2027'`,
    )) as {
      id: string;
    }[];
    const send = await page.request.post(`${system.url}/api/mailer/campaigns/${draft!.id}/send`, {
      headers: { 'X-CSRF-Token': csrfToken },
    });
    expect(send.status()).toBe(403);
    await context.close();
  });

  it('has no serious or critical accessibility violation on the emails screens', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(10);
    expect(ui.violations()).toEqual({});
  });
});
