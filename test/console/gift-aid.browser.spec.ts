import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The console's Gift Aid screens in a real browser against the real system (see
 * console.browser.spec.ts): a fundraiser records an oral declaration on a profile, sends its
 * written confirmation, runs the claim wizard, downloads the schedule and follows the claim to
 * HMRC's payment; a viewer reads without changing; comms staff see no Gift Aid at all.
 */
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  'ada.lovelace@example.org,Ada,Lovelace,donor,2026-01-20 18:30:00',
  'sam.smith@example.org,Sam,Smith,donor,2026-03-02 10:15:00',
  'tom.jones@example.net,Tom,Jones,,',
].join('\n');

describe('the console’s Gift Aid screens in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'gift-aid-browser-seed');
    await ui.importSupporters(adminBearer, SUPPORTERS_CSV);
    const rows = (await system.dataSource.query(`SELECT id, email FROM supporters`)) as {
      id: string;
      email: string;
    }[];
    for (const row of rows) ids[row.email] = row.id;
    // Ada gave a cheque and cash at an event; Sam a cheque, with a paper declaration on file.
    await gift('ada.lovelace@example.org', 25000, '2026-11-02', 'cheque');
    await gift('ada.lovelace@example.org', 1500, '2026-11-20', 'cash');
    await gift('sam.smith@example.org', 123450, '2026-11-01', 'cheque');
    // Sam's cheque of six years ago is covered by his declaration but past HMRC's time limit.
    await gift('sam.smith@example.org', 4000, `${new Date().getUTCFullYear() - 6}-06-15`, 'cheque');
    await api('donations', 'POST', `/supporters/${ids['sam.smith@example.org']}/gift-aid-declarations`, {
      method: 'written',
      firstName: 'Sam',
      lastName: 'Smith',
      houseNameOrNumber: '4',
      postcode: 'SW1A 1AA',
      scope: 'supporter_gifts',
      declaredAt: `${new Date().getUTCFullYear() - 7}-01-01`,
      coversFrom: `${new Date().getUTCFullYear() - 8}-01-01`,
      evidenceNote: 'Paper form 0042',
    });
  }, 180_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  /** A call to an app with the admin token, answering the parsed body (a 2xx expected). */
  const api = (app: 'donations' | 'subscribers', method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, app, method, path, body);

  const gift = (email: string, amount: number, receivedAt: string, method: string) =>
    api('donations', 'POST', '/donations', {
      supporterId: ids[email],
      amount,
      receivedAt,
      method,
      giftAid: true,
    });

  const readyNow = async () =>
    (await api('donations', 'GET', '/gift-aid/eligible/summary')) as { count: number; totalAmount: number };

  const signedInAs = (role: 'fundraising' | 'viewer' | 'comms') =>
    ui.signedInAs(role, { acceptDownloads: true });
  const look = (page: Page, screen: string) => ui.look(page, screen);

  it('records an oral declaration, sends its confirmation, runs the claim wizard and follows the claim to payment', async () => {
    const { page } = await signedInAs('fundraising');
    // Only Sam's cheque is covered so far.
    expect(await readyNow()).toMatchObject({ count: 1, totalAmount: 123450 });

    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    const panel = page.getByRole('region', { name: 'Gift Aid declarations' });
    await panel.getByText('No Gift Aid declaration.').waitFor();
    await panel.getByRole('button', { name: 'Record a declaration' }).click();
    const form = panel.getByRole('form', { name: 'Record a declaration' });
    await form.getByLabel('By phone or in person').check();
    await form.getByLabel('Title (optional)').fill('Mrs');
    expect(await form.getByLabel('First name').inputValue()).toBe('Ada');
    expect(await form.getByLabel('Last name').inputValue()).toBe('Lovelace');
    await form.getByLabel('House name or number').fill('12');
    // A postcode HMRC would refuse is named beside its field.
    await form.getByLabel('Postcode').fill('not a postcode');
    // Dates are typed the UK way; a day HMRC's way round is refused before it is sent.
    await form.getByLabel('Covers gifts from').fill('2025-01-01');
    await form.getByRole('button', { name: 'Save the declaration' }).click();
    await form.getByText('Write the date as DD/MM/YYYY, e.g. 01/12/2026.').waitFor();
    await form.getByLabel('Covers gifts from').fill('01/01/2025');
    await form.getByLabel('Evidence (optional)').fill('Phone call with the supporter care team');
    await form.getByRole('button', { name: 'Save the declaration' }).click();
    await form.getByText('Postcode must be a UK postcode such as N1 1AA.').waitFor();
    await look(page, 'gift-aid-declaration-form-error');
    await form.getByLabel('Postcode').fill('n1 1aa');
    await form.getByRole('button', { name: 'Save the declaration' }).click();
    await panel.getByText('Declaration saved.').waitFor();
    const declaration = panel.getByRole('listitem').filter({ hasText: 'By phone or in person' });
    await declaration.getByText('Not in force: waiting for its written confirmation').waitFor();
    await declaration.getByText('All gifts from 01/01/2025 and future gifts').waitFor();
    await declaration.getByText('Mrs Ada Lovelace, 12, N1 1AA').waitFor();
    // The printable letter is there for posting.
    const letter = await page.request.get(
      `${system.url}${await declaration.getByRole('link', { name: 'Print the letter' }).getAttribute('href')}`,
    );
    expect(letter.status()).toBe(200);
    expect(await letter.text()).toContain('30 days');
    await look(page, 'gift-aid-profile-oral-declaration');
    // Not claimable until the confirmation is sent.
    expect(await readyNow()).toMatchObject({ count: 1, totalAmount: 123450 });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Gift Aid' }).click();
    await page.getByRole('heading', { name: 'Gift Aid', level: 1 }).waitFor();
    const ready = page.getByRole('region', { name: 'Ready to claim' });
    await ready.getByText('£1,234.50', { exact: true }).waitFor();
    await ready.getByText('£308.62', { exact: true }).waitFor();
    // HMRC's time limit, in words: the oldest ready gift's last day, and what is already lost.
    await ready.getByText('Claim by 31/03/2031 to include the oldest of these gifts.').waitFor();
    await ready
      .getByText(
        /^Too late to claim: 1 gift with a declaration was received before \d{2}\/\d{2}\/\d{4}\. HMRC accepts a claim only within 4 years of the end of the accounting year a gift came in, so £10\.00 of Gift Aid on £40\.00 of giving is lost\.$/,
      )
      .waitFor();
    const awaiting = page.getByRole('region', { name: 'Declarations awaiting confirmation' });
    const row = awaiting.getByRole('row', { name: /Mrs Ada Lovelace/ });
    await row.getByRole('cell', { name: 'All gifts from 01/01/2025 and future gifts' }).waitFor();
    await row.getByRole('cell', { name: 'Email or post' }).waitFor();
    await look(page, 'gift-aid-awaiting-confirmation');
    await awaiting.getByRole('button', { name: 'Send confirmations' }).click();
    await awaiting.getByText('Confirmation emailed to 1 donor.').waitFor();
    await awaiting.getByText('None: every oral declaration has had its written confirmation.').waitFor();
    // Ada's cheque and cash now count: £1,499.50 given, £374.87 of Gift Aid.
    await ready.getByText('£1,499.50', { exact: true }).waitFor();
    await ready.getByText('£374.87', { exact: true }).waitFor();
    expect(await readyNow()).toMatchObject({ count: 3, totalAmount: 149950 });
    await look(page, 'gift-aid-ready-to-claim');

    // The wizard: review, create, download.
    await ready.getByRole('link', { name: 'Start a claim' }).click();
    await page.getByRole('heading', { name: 'New Gift Aid claim', level: 1 }).waitFor();
    const steps = page.getByRole('navigation', { name: 'Steps' });
    expect(await steps.locator('[aria-current="step"]').textContent()).toBe('Review the gifts');
    const gifts = page.getByRole('table', { name: 'Gifts ready to claim' });
    await gifts
      .getByRole('row', { name: /Mrs Ada Lovelace 12 N1 1AA 02\/11\/2026 31\/03\/2031 £250\.00/ })
      .waitFor();
    await gifts
      .getByRole('row', { name: /Sam Smith 4 SW1A 1AA 01\/11\/2026 31\/03\/2031 £1,234\.50/ })
      .waitFor();
    // The cheque past the limit is not offered.
    expect(await gifts.getByRole('row', { name: /£40\.00/ }).count()).toBe(0);
    await look(page, 'gift-aid-claim-review');
    await page.getByRole('button', { name: 'Next: create the claim' }).click();
    await page.getByRole('heading', { name: 'Create the claim' }).waitFor();
    await page
      .getByText('The claim will hold the 3 gifts ready to claim (£1,499.50).', { exact: false })
      .waitFor();
    await look(page, 'gift-aid-claim-create');
    await page.getByRole('button', { name: 'Create the claim' }).click();
    await page.getByRole('heading', { name: 'Download the schedule' }).waitFor();
    await page
      .getByText(/Claim created: 3 gifts \(3 lines in HMRC’s schedule\), £1,499\.50 given, £374\.87 of/)
      .waitFor();
    const [ods] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the schedule (.ods)' }).click(),
    ]);
    expect(ods.suggestedFilename()).toMatch(/^gift-aid-schedule-\d{4}-\d{2}-\d{2}\.ods$/);
    // An OpenDocument file is a zip whose first entry names its type.
    const odsBytes = readFileSync((await ods.path())!);
    expect(odsBytes.subarray(0, 2).toString()).toBe('PK');
    expect(odsBytes.toString('latin1')).toContain('application/vnd.oasis.opendocument.spreadsheet');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const schedule = readFileSync((await csv.path())!, 'utf8');
    expect(schedule).toContain('Lovelace');
    expect(schedule).toContain('1234.50');
    await look(page, 'gift-aid-claim-download');
    expect(await readyNow()).toMatchObject({ count: 0 });

    // At HMRC: submitted with its reference, then paid.
    await page.getByRole('link', { name: 'Open the claim' }).click();
    await page.getByRole('heading', { name: /^Gift Aid claim of \d{2}\/\d{2}\/\d{4}$/, level: 1 }).waitFor();
    await page.getByText('Draft: not sent to HMRC yet').waitFor();
    await page.getByText('31/03/2031: HMRC’s 4-year time limit for its oldest gift').waitFor();
    await page.getByLabel('HMRC reference').fill('CHY-2026-0042');
    await page.getByRole('button', { name: 'Mark submitted' }).click();
    await page.getByText('Submitted to HMRC').waitFor();
    await look(page, 'gift-aid-claim-submitted');
    await page.getByRole('button', { name: 'Mark paid' }).click();
    await page.getByText('Paid by HMRC').waitFor();
    await page.getByText('HMRC has paid this claim. Nothing more to do.').waitFor();

    await page.getByRole('link', { name: 'Gift Aid', exact: true }).first().click();
    const claims = page.getByRole('region', { name: 'Claims' });
    const claimRow = claims.getByRole('row', { name: /Claim of/ });
    await claimRow.getByText('Paid', { exact: true }).waitFor();
    await claimRow.getByRole('cell', { name: 'CHY-2026-0042' }).waitFor();
    await claimRow.getByRole('cell', { name: '£374.87' }).waitFor();
    await look(page, 'gift-aid-claims');
  }, 180_000);

  it('releases the gifts of a rejected claim', async () => {
    await gift('tom.jones@example.net', 5000, '2026-11-15', 'bank_transfer');
    await api('donations', 'POST', `/supporters/${ids['tom.jones@example.net']}/gift-aid-declarations`, {
      method: 'written',
      firstName: 'Tom',
      lastName: 'Jones',
      houseNameOrNumber: 'Rose Cottage',
      postcode: 'CF10 1AA',
      scope: 'supporter_gifts',
      coversFrom: '2026-01-01',
    });
    const claim = (await api('donations', 'POST', '/gift-aid/claims', {})) as { id: string };
    expect(await readyNow()).toMatchObject({ count: 0 });
    const { page } = await signedInAs('fundraising');
    await page.goto(`${system.url}/gift-aid/claims/${claim.id}`);
    await page.getByRole('button', { name: 'Mark rejected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark this claim rejected?' });
    await dialog.getByRole('button', { name: 'Mark rejected' }).click();
    await page.getByText('This claim was rejected: its gifts can be claimed again in a new claim.').waitFor();
    await look(page, 'gift-aid-claim-rejected');
    expect(await readyNow()).toMatchObject({ count: 1, totalAmount: 5000 });
    await page.getByRole('link', { name: 'Gift Aid', exact: true }).first().click();
    await page.getByRole('region', { name: 'Ready to claim' }).getByText('£50.00', { exact: true }).waitFor();
  }, 60_000);

  it('shows a viewer Gift Aid without any way to change it, and comms staff no Gift Aid at all', async () => {
    const { page } = await signedInAs('viewer');
    await page.goto(`${system.url}/gift-aid`);
    await page
      .getByRole('region', { name: 'Claims' })
      .getByRole('link', { name: /Claim of/ })
      .first()
      .waitFor();
    expect(await page.getByRole('link', { name: 'Start a claim' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send confirmations' }).count()).toBe(0);
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    const panel = page.getByRole('region', { name: 'Gift Aid declarations' });
    await panel.getByText('In force (confirmation emailed on', { exact: false }).waitFor();
    expect(await panel.getByRole('button').count()).toBe(0);
    await look(page, 'gift-aid-profile-viewer');

    const comms = await signedInAs('comms');
    await comms.page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await comms.page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    await comms.page.getByRole('region', { name: 'Giving' }).waitFor();
    expect(await comms.page.getByRole('region', { name: 'Gift Aid declarations' }).count()).toBe(0);
    expect(
      await comms.page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Gift Aid' })
        .count(),
    ).toBe(0);
  }, 60_000);

  /** What sticks out past the screen's right edge (tables scroll inside their own box), to say why a page scrolls sideways. */
  const widerThanScreen = (page: Page): Promise<string[]> =>
    page.evaluate(`[...document.querySelectorAll('main *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !element.closest('.table-wrap'))
      .slice(0, 5)
      .map((element) => element.tagName + '.' + element.className + ': ' + (element.textContent || '').slice(0, 40))`);

  it('works at 375 px wide', async () => {
    const { page } = await signedInAs('fundraising');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${system.url}/gift-aid`);
    await page.getByRole('heading', { name: 'Ready to claim' }).waitFor();
    expect(await widerThanScreen(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await look(page, 'gift-aid-narrow');
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await page
      .getByRole('region', { name: 'Gift Aid declarations' })
      .getByRole('button', { name: 'Record a declaration' })
      .click();
    await page.getByRole('form', { name: 'Record a declaration' }).waitFor();
    // Nothing in the Gift Aid panel sticks out of it (the profile's grid is the profile's own).
    const panel = page.getByRole('region', { name: 'Gift Aid declarations' });
    expect(await panel.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    await look(page, 'gift-aid-profile-narrow');
  }, 60_000);

  it('has no serious or critical accessibility violation on any Gift Aid screen', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(10);
    expect(ui.violations()).toEqual({});
  });
});
