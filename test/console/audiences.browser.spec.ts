import { waitFor } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The console's Audiences screens in a real browser against the real system (see
 * console.browser.spec.ts): a comms user builds an audience from two groups with a money condition
 * and sees the same live count the API gives, saves it and finds it in the list; a viewer can look
 * but not save or delete; deleting an audience an email relies on says which email.
 */
const AUDIENCE = 'Generous volunteers';
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  'sam.smith@example.org,Sam,Smith,volunteer,2026-03-02 10:15:00',
  'priya.patel@example.org,Priya,Patel,london,2026-04-11 09:00:00',
  'tom.jones@example.net,Tom,Jones,volunteer,2026-04-12 09:00:00',
  'ada.lovelace@example.org,Ada,Lovelace,volunteer;london,2026-01-20 18:30:00',
  'grace.hopper@example.org,Grace,Hopper,donor,2026-02-20 18:30:00',
  'bea.bounce@example.org,Bea,Bounce,london,2026-02-21 18:30:00',
].join('\n');
/** Pence given by each, one gift each: Tom gave too little, Grace is neither a volunteer nor in London. */
const GIFTS: Record<string, number> = {
  'sam.smith@example.org': 7500,
  'priya.patel@example.org': 12000,
  'tom.jones@example.net': 2000,
  'ada.lovelace@example.org': 5000,
  'grace.hopper@example.org': 25000,
  'bea.bounce@example.org': 6000,
};
/** What the builder should make of the steps the test takes. */
const EXPECTED_RULES = {
  all: [
    { field: 'donations.total', op: 'gte', value: 5000 },
    {
      any: [
        { field: 'tags', op: 'contains', value: 'volunteer' },
        { field: 'tags', op: 'contains', value: 'london' },
      ],
    },
  ],
};

describe('the console’s audiences in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'audiences-browser-seed');
    await importCsv(SUPPORTERS_CSV);
    for (const [email, amount] of Object.entries(GIFTS)) {
      await system.dataSource.query(
        `INSERT INTO donations (supporter_id, amount, currency, frequency, status, paid_at)
         SELECT id, $2, 'gbp', 'one_off', 'succeeded', now() - interval '3 months' FROM supporters WHERE email = $1`,
        [email, amount],
      );
    }
    // Bea's address bounced: in the audience, but not emailed.
    await system.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason, source, created_at)
       VALUES ('bea.bounce@example.org', 'bounce', 'sendgrid', now())`,
    );
  }, 120_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  /** A call to the subscribers app with the admin token, answering the parsed body (a 2xx expected). */
  const api = (method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, 'subscribers', method, path, body);
  const importCsv = (csv: string) => ui.importSupporters(adminBearer, csv);
  const signedInAs = (role: 'comms' | 'viewer') => ui.signedInAs(role);
  const look = (page: Page, screen: string) => ui.look(page, screen);

  it('lets a comms user build an audience from two groups with a money condition, counted as the API counts it, and save it', async () => {
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/audiences`);
    await page.getByRole('heading', { name: 'Audiences', level: 1 }).waitFor();
    // The built-in audiences are there, each counted.
    const monthly = page.getByRole('row', { name: /Monthly donors/ });
    await monthly.getByRole('cell', { name: '0' }).first().waitFor();
    await look(page, 'audiences-list-built-in');

    // A built-in audience cannot be changed, but a new one can start from it.
    await monthly.getByRole('link', { name: 'Monthly donors' }).click();
    await page.getByText('A built-in audience: it cannot be changed.').waitFor();
    expect(await page.getByRole('button', { name: 'Delete audience' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Start a new audience from it' }).click();
    await page.getByRole('heading', { name: 'New audience', level: 1 }).waitFor();
    expect(await page.getByLabel('Name').inputValue()).toBe('Copy of Monthly donors');
    const copied = page.getByRole('group', { name: 'Condition 1', exact: true });
    expect(await copied.getByLabel('Field').locator('option:checked').textContent()).toBe('Monthly gift');
    expect(await copied.getByLabel('Value').locator('option:checked').textContent()).toBe('Active');
    await page.getByRole('link', { name: 'All audiences' }).click();

    await page.getByRole('link', { name: 'New audience' }).click();
    await page.getByRole('heading', { name: 'New audience', level: 1 }).waitFor();
    await page.getByLabel('Name').fill(AUDIENCE);

    const first = page.getByRole('group', { name: 'Condition 1', exact: true });
    await first.getByLabel('Field').selectOption({ label: 'Total given' });
    await first.getByLabel('Condition').selectOption({ label: 'is at least' });
    await first.getByLabel('Amount in pounds').fill('50');

    await page.getByRole('button', { name: 'Add a group' }).first().click();
    const group = page.getByRole('group', { name: 'Group 2' });
    expect(await group.getByLabel('Match', { exact: true }).inputValue()).toBe('any');
    const volunteers = group.getByRole('group', { name: 'Condition 2.1' });
    await volunteers.getByLabel('Field').selectOption({ label: 'Tags' });
    await volunteers.getByLabel('Condition').selectOption({ label: 'includes' });
    await volunteers.getByLabel('Tag').fill('volunteer');
    await group.getByRole('button', { name: 'Add a condition to group 2' }).click();
    const london = group.getByRole('group', { name: 'Condition 2.2' });
    await london.getByLabel('Field').selectOption({ label: 'Tags' });
    await london.getByLabel('Tag').fill('lond');
    // Suggestions come from the tags in use.
    await waitFor(
      async () =>
        (
          await london
            .locator('datalist option')
            .evaluateAll((options) => options.map((option) => option.getAttribute('value')))
        ).includes('london'),
      { what: 'the tag suggestion' },
    );
    await london.getByLabel('Tag').fill('london');

    const expected = (await api('POST', '/segments/preview', { rules: EXPECTED_RULES })) as {
      count: number;
      mailable: number;
    };
    // Sam, Priya, Ada and Bea; Bea bounced.
    expect(expected).toMatchObject({ count: 4, mailable: 3 });
    const live = page.getByRole('status').filter({ hasText: 'can be emailed' });
    await page
      .getByText(`${expected.count} people, ${expected.mailable} can be emailed`, { exact: true })
      .waitFor();
    expect(await live.textContent()).toBe(`${expected.count} people, ${expected.mailable} can be emailed`);
    const sample = page.getByRole('complementary', { name: 'Who this is' });
    await sample.getByRole('link', { name: 'Priya Patel' }).waitFor();
    expect(await sample.getByRole('link', { name: 'Sam Smith' }).getAttribute('href')).toMatch(
      /^\/supporters\/[0-9a-f-]{36}$/,
    );
    // No JSON unless asked for; then the same rules the API was asked about.
    expect(await page.getByLabel('Rules as code').isVisible()).toBe(false);
    await page.getByText('Advanced: the rules as code').click();
    expect(JSON.parse(await page.getByLabel('Rules as code').inputValue())).toEqual(EXPECTED_RULES);
    await page.getByText('Advanced: the rules as code').click();
    await look(page, 'audience-builder');

    await page.getByRole('button', { name: 'Save audience' }).click();
    await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
    await page.getByText('Audience saved.').waitFor();
    await page.getByRole('heading', { name: AUDIENCE, level: 1 }).waitFor();
    const saved = (await api('GET', `/segments/${/audiences\/([0-9a-f-]{36})/.exec(page.url())![1]}`)) as {
      rules: unknown;
    };
    expect(saved.rules).toEqual(EXPECTED_RULES);

    // Renamed in place.
    await page.getByLabel('Name').fill(`${AUDIENCE} 2027`);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: `${AUDIENCE} 2027`, level: 1 }).waitFor();

    await page.getByRole('link', { name: 'All audiences' }).click();
    const row = page.getByRole('row', { name: new RegExp(`${AUDIENCE} 2027`) });
    await row.getByRole('cell', { name: String(expected.count), exact: true }).waitFor();
    await row.getByRole('cell', { name: String(expected.mailable), exact: true }).waitFor();
    await look(page, 'audiences-list');
  }, 120_000);

  it('shows a viewer the audiences and their rules, with no way to save or delete', async () => {
    await api('POST', '/segments', {
      name: 'Volunteers',
      rules: { field: 'tags', op: 'contains', value: 'volunteer' },
    });
    const { page } = await signedInAs('viewer');
    await page.goto(`${system.url}/audiences`);
    await page.getByRole('link', { name: 'Volunteers', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: 'New audience' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Volunteers', exact: true }).click();
    await page.getByRole('heading', { name: 'Volunteers', level: 1 }).waitFor();
    await page.getByText('Your role can look at audiences but not change them.').waitFor();
    expect(await page.getByRole('group', { name: 'Condition 1' }).getByLabel('Tag').inputValue()).toBe(
      'volunteer',
    );
    expect(await page.getByLabel('Name').isDisabled()).toBe(true);
    await page.getByRole('status').filter({ hasText: '3 people, 3 can be emailed' }).waitFor();
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete audience' }).count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('volunteers.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    expect(csv).toContain('ada.lovelace@example.org');
    await look(page, 'audience-viewer');
    // On a phone the count comes after the rules, nothing sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await look(page, 'audience-viewer-narrow');
  }, 60_000);

  it('says which email uses an audience when it cannot be deleted', async () => {
    const { id: segmentId } = (await api('POST', '/segments', {
      name: 'June list',
      rules: { field: 'tags', op: 'contains', value: 'london' },
    })) as { id: string };
    const campaignId = randomUUID();
    await system.dataSource.query(
      `INSERT INTO campaigns (id, name, subject, html, segment_id, status, scheduled_at)
       VALUES ($1, 'June appeal', 'Hello', '<p>Hello</p>', $2, 'scheduled', now() + interval '30 days')`,
      [campaignId, segmentId],
    );
    // What the mailer's record-audience-use job leaves behind.
    await system.dataSource.query(
      `INSERT INTO segment_uses (campaign_id, campaign_name, segment_id, in_use, version) VALUES ($1, 'June appeal', $2, true, 1)`,
      [campaignId, segmentId],
    );
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/audiences`);
    await page
      .getByRole('row', { name: /June list/ })
      .getByText('“June appeal” (scheduled)')
      .waitFor();
    await page.getByRole('link', { name: 'June list' }).click();
    // As a person would, once the count has come in: it grows its panel and moves the button down.
    await page
      .getByRole('status')
      .filter({ hasText: /can be emailed/ })
      .waitFor();
    await page.getByRole('button', { name: 'Delete audience' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “June list”?' });
    await dialog.getByRole('button', { name: 'Delete audience' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: '“June appeal” (scheduled) uses this audience.' })
      .waitFor();
    await look(page, 'audience-delete-in-use');
    await api('GET', `/segments/${segmentId}`);
  }, 60_000);

  it('has no serious or critical accessibility violation on any audiences screen', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(5);
    expect(ui.violations()).toEqual({});
  });
});
