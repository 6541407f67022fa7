import { join } from 'node:path';
import { REPO_ROOT } from '../support/compiled';
import { waitFor } from '@crm/testing';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The console's Donations screens in a real browser against the real system (see
 * console.browser.spec.ts): a fundraiser adds a cheque from a supporter's profile and finds it in
 * the list and on the profile, imports a JustGiving report twice (counted once), and a viewer reads
 * without any way to add.
 */
const JUSTGIVING = join(REPO_ROOT, 'apps', 'donations', 'test', 'fixtures', 'justgiving-donations.csv');
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  'ada.lovelace@example.org,Ada,Lovelace,donor,2026-01-20 18:30:00',
  'sam.smith@example.org,Sam,Smith,donor,2026-03-02 10:15:00',
].join('\n');

describe('the console’s Donations screens in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'donations-browser-seed');
    await importSupporters(SUPPORTERS_CSV);
    const rows = (await system.dataSource.query(`SELECT id, email FROM supporters`)) as {
      id: string;
      email: string;
    }[];
    for (const row of rows) ids[row.email] = row.id;
    // Sam gave last winter and this spring, so the charts have two years to compare.
    await gift('sam.smith@example.org', 5000, '2025-12-10', 'bank_transfer', 'Winter appeal 2025');
    await gift('sam.smith@example.org', 12345, '2026-04-15', 'standing_order', 'Spring appeal 2026');
    await gift('sam.smith@example.org', 2000, '2026-06-01', 'cash', 'Summer fair 2026');
    // Monthly gifts as Stripe leaves them: Sam's active, a donor not yet a supporter behind with a payment.
    await system.dataSource.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, supporter_id, amount, currency, status, campaign, started_at, current_period_end)
       VALUES ('sub_sam', $1, 1000, 'gbp', 'active', 'Regular giving', '2026-03-02T10:00:00Z', '2027-01-02T10:00:00Z')`,
      [ids['sam.smith@example.org']],
    );
    await system.dataSource.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, email, donor_name, amount, currency, status, started_at, current_period_end)
       VALUES ('sub_kim', 'kim.lee@example.net', 'Kim Lee', 500, 'gbp', 'past_due', '2026-05-20T10:00:00Z', '2026-12-20T10:00:00Z')`,
    );
  }, 180_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  const api = (app: 'donations' | 'subscribers', method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, app, method, path, body);

  const gift = (email: string, amount: number, receivedAt: string, method: string, campaign: string) =>
    api('donations', 'POST', '/donations', { supporterId: ids[email], amount, receivedAt, method, campaign });

  const importSupporters = (csv: string) => ui.importSupporters(adminBearer, csv);
  const signedInAs = (role: 'fundraising' | 'viewer') => ui.signedInAs(role, { acceptDownloads: true });
  const look = (page: Page, screen: string) => ui.look(page, screen);

  it('adds a cheque gift from a supporter’s profile, once for a double click, then finds it in the list and on the profile', async () => {
    const { page } = await signedInAs('fundraising');
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await page.getByRole('region', { name: 'Giving' }).getByRole('link', { name: 'Add a gift' }).click();
    await page.getByRole('heading', { name: 'Add a gift', level: 1 }).waitFor();
    await page.getByRole('group', { name: 'Donor' }).getByText('Ada Lovelace', { exact: true }).waitFor();

    // Mistakes are named beside their fields before anything is sent.
    await page.getByLabel('Amount (£)').fill('twenty');
    await page.getByLabel('Date received').fill('31/02/2026');
    await page.getByRole('button', { name: 'Add this gift' }).click();
    await page.getByText('Enter the amount in pounds, e.g. 25 or 1,250.50.').waitFor();
    await page.getByText('There is no 31/02/2026.').waitFor();
    await page.getByText('Choose how the gift was paid.').waitFor();
    await look(page, 'donations-add-gift-errors');

    await page.getByLabel('Amount (£)').fill('1,234.50');
    await page.getByLabel('Date received').fill('01/12/2026');
    await page.getByLabel('Payment method').selectOption({ label: 'Cheque' });
    await page.getByLabel('Campaign or appeal (optional)').fill('Winter appeal 2026');
    await page.getByLabel('Reference (optional)').fill('Cheque 000123');
    await page.getByLabel('Gift Aid applies', { exact: false }).check();
    await look(page, 'donations-add-gift');
    await page.getByRole('button', { name: 'Add this gift' }).dblclick();
    await page.getByRole('heading', { name: '£1,234.50 from Ada Lovelace', level: 1 }).waitFor();
    await page.getByText('The gift has been added.').waitFor();
    await page.getByText('Cheque', { exact: true }).waitFor();
    await page.getByText('01/12/2026', { exact: true }).waitFor();
    const recorded = (await system.dataSource.query(
      `SELECT amount, method, gift_aid_applies FROM donations WHERE reference = 'Cheque 000123'`,
    )) as { amount: number; method: string; gift_aid_applies: boolean }[];
    expect(recorded).toEqual([{ amount: 123450, method: 'cheque', gift_aid_applies: true }]);
    await look(page, 'donations-gift-page');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Donations' }).click();
    await page.getByRole('heading', { name: 'Donations', level: 1 }).waitFor();
    const row = page.getByRole('row', { name: /Ada Lovelace/ });
    await row.getByText('£1,234.50').waitFor();
    await row.getByText('Cheque', { exact: true }).waitFor();
    await row.getByText('01/12/2026').waitFor();
    await page.getByRole('heading', { name: /Income by month: 2026 against 2025/ }).waitFor();
    // Filters: only cheques.
    await page.getByLabel('Method').selectOption({ label: 'Cheque' });
    await page.getByRole('button', { name: 'Show gifts' }).click();
    await page.waitForURL(/method=cheque/);
    await page
      .getByRole('row', { name: /Sam Smith/ })
      .first()
      .waitFor({ state: 'detached' });
    expect(await page.getByRole('row', { name: /Ada Lovelace/ }).count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download these gifts (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('donations.csv');
    await page.getByLabel('Method').selectOption({ label: 'Any' });
    await page.getByRole('button', { name: 'Show gifts' }).click();
    await page
      .getByRole('row', { name: /Sam Smith/ })
      .first()
      .waitFor();
    await look(page, 'donations-list');

    await row.getByRole('link', { name: 'Ada Lovelace' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    const giving = page.getByRole('region', { name: 'Giving' });
    await waitFor(
      async () => {
        if ((await giving.getByText('£1,234.50').count()) > 0) return true;
        await page.reload();
        return false;
      },
      { timeoutMs: 15_000, intervalMs: 500, what: 'the cheque on the profile' },
    );
    await look(page, 'donations-profile-with-cheque');
  }, 90_000);

  it('imports a JustGiving report with its rejected row by line, and a second upload adds nothing', async () => {
    const { page } = await signedInAs('fundraising');
    for (const round of [1, 2]) {
      await page.goto(`${system.url}/donations/import`);
      await page.getByRole('heading', { name: 'Import gifts', level: 1 }).waitFor();
      await page.getByLabel('JustGiving donation report', { exact: false }).check();
      await page.getByLabel('CSV file').setInputFiles(JUSTGIVING);
      if (round === 1) await look(page, 'donations-import-form');
      await page.getByRole('button', { name: 'Import the gifts' }).click();
      await page.getByText('Import of justgiving-donations.csv finished', { exact: false }).waitFor({
        timeout: 30_000,
      });
      const counts = page.locator('dl.counts');
      await counts
        .getByText(round === 1 ? '3' : '0', { exact: true })
        .first()
        .waitFor();
      expect(await counts.locator('div', { hasText: 'Gifts added' }).locator('dd').textContent()).toBe(
        round === 1 ? '3' : '0',
      );
      expect(await counts.locator('div', { hasText: 'Already recorded' }).locator('dd').textContent()).toBe(
        round === 1 ? '0' : '3',
      );
      const rejected = page.getByRole('region', { name: 'Rejected rows' });
      await rejected.getByRole('row', { name: /5 .*email.*is not an email address/ }).waitFor();
      if (round === 1) await look(page, 'donations-import-result');
    }
    await page.goto(`${system.url}/donations?method=third_party`);
    await page
      .getByRole('row', { name: /Fundraising platform/ })
      .first()
      .waitFor();
    expect(await page.getByRole('row', { name: /Fundraising platform/ }).count()).toBe(3);
  }, 90_000);

  it('shows a viewer the gifts and monthly gifts without any way to add or change one', async () => {
    const { page } = await signedInAs('viewer');
    await page.goto(`${system.url}/donations`);
    await page
      .getByRole('row', { name: /Sam Smith/ })
      .first()
      .waitFor();
    expect(await page.getByRole('link', { name: 'Add a gift' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Import gifts' }).count()).toBe(0);
    await page
      .getByRole('row', { name: /Sam Smith/ })
      .first()
      .getByRole('link')
      .first()
      .click();
    await page.getByRole('heading', { name: /from Sam Smith/, level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Correct this gift' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete this gift' }).count()).toBe(0);
    await page.goto(`${system.url}/donations/new`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();
    await page.goto(`${system.url}/supporters/${ids['sam.smith@example.org']}`);
    await page.getByRole('region', { name: 'Giving' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add a gift' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Monthly gifts' }).click();
    await page.getByRole('heading', { name: 'Monthly gifts', level: 1 }).waitFor();
    await page.getByRole('row', { name: /Sam Smith £10\.00 Active/ }).waitFor();
    await page.getByRole('row', { name: /Kim Lee £5\.00 Payment overdue/ }).waitFor();
    await look(page, 'donations-monthly');
    await page.getByLabel('Status').selectOption({ label: 'Payment overdue' });
    await page.getByRole('button', { name: 'Show monthly gifts' }).click();
    await page.getByRole('row', { name: /Sam Smith/ }).waitFor({ state: 'detached' });
    expect(await page.getByRole('row', { name: /Kim Lee/ }).count()).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: /Income by month/ }).waitFor();
    await page.getByText('Show the figures').first().click();
    await look(page, 'donations-home-charts');
  }, 60_000);

  it('says which Gift Aid claim holds a gift, and offers no correction of it', async () => {
    const [held] = (await system.dataSource.query(
      `SELECT id FROM donations WHERE reference IS NULL AND method = 'cash' AND supporter_id = $1`,
      [ids['sam.smith@example.org']],
    )) as { id: string }[];
    const [claim] = (await system.dataSource.query(
      `INSERT INTO gift_aid_claims (donation_count, total_amount, currency, created_at)
       VALUES (1, 2000, 'gbp', '2026-11-30T10:00:00Z') RETURNING id`,
    )) as { id: string }[];
    await system.dataSource.query(
      `INSERT INTO gift_aid_claim_items (donation_id, claim_id, amount) VALUES ($1, $2, 2000)`,
      [held!.id, claim!.id],
    );
    const { page } = await signedInAs('fundraising');
    await page.goto(`${system.url}/donations/${held!.id}`);
    await page.getByRole('heading', { name: '£20.00 from Sam Smith', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Gift Aid claim of 30/11/2026' }).waitFor();
    expect(await page.getByRole('link', { name: 'Gift Aid claim of 30/11/2026' }).getAttribute('href')).toBe(
      `/gift-aid/claims/${claim!.id}`,
    );
    expect(await page.getByRole('button', { name: 'Correct this gift' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Delete this gift' }).count()).toBe(0);
    await look(page, 'donations-gift-in-claim');
  }, 60_000);

  it('works at 375 px wide', async () => {
    const { page } = await signedInAs('fundraising');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${system.url}/donations`);
    await page
      .getByRole('row', { name: /Sam Smith/ })
      .first()
      .waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await look(page, 'donations-narrow');
  }, 60_000);

  it('has no serious or critical accessibility violation on any Donations screen', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(10);
    expect(ui.violations()).toEqual({});
  });
});
