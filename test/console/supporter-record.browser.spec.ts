import { waitFor } from '@crm/testing';
import { readFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The fuller supporter record in a real browser against the real system (see
 * console.browser.spec.ts): communications staff add an address (a bad postcode named beside its
 * field first), set the post preference, record an FPS request and see its deadline, record a
 * death and see the banner; merge a duplicate pair and land on the kept profile, and merge a
 * record found from a profile; download a person's data; a viewer sees the record with no control
 * that changes it.
 */
const SUPPORTERS_CSV = [
  'email,first_name,last_name,tags,optin_time',
  'ada.lovelace@example.org,Ada,Lovelace,donor,2026-01-20 18:30:00',
  'grace.hopper@example.org,Grace,Hopper,volunteer,2026-02-11 09:00:00',
  'g.hopper@example.net,Grace,Hopper,,',
  'tom.jones@example.net,Tom,Jones,,',
  'thomas.jones@example.com,Thomas,Jones,,',
].join('\n');

describe('the supporter record and duplicates in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'supporter-record-browser-seed');
    await ui.importSupporters(adminBearer, SUPPORTERS_CSV);
    const rows = (await system.dataSource.query(`SELECT id, email FROM supporters`)) as {
      id: string;
      email: string;
    }[];
    for (const row of rows) ids[row.email] = row.id;
    // Grace was entered twice, at the same address: a possible duplicate. The record at example.net gave a cheque.
    for (const email of ['grace.hopper@example.org', 'g.hopper@example.net']) {
      await api('subscribers', 'PATCH', `/supporters/${ids[email]}`, {
        address: { lines: ['7 Harbour Row'], town: 'Bristol', postcode: 'bs1 4dj' },
      });
    }
    await api('donations', 'POST', '/donations', {
      supporterId: ids['g.hopper@example.net'],
      amount: 5000,
      receivedAt: '2026-11-02',
      method: 'cheque',
      giftAid: false,
    });
  }, 180_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  /** A call to an app with the admin token, answering the parsed body (a 2xx expected). */
  const api = (app: 'donations' | 'subscribers', method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, app, method, path, body);
  const signedInAs = (role: 'comms' | 'viewer') => ui.signedInAs(role, { acceptDownloads: true });
  const look = (page: Page, screen: string) => ui.look(page, screen);

  const londonToday = () =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'short' }).format(new Date());

  it('adds an address, sets the post preference, records an FPS request and a death', async () => {
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();

    const address = page.getByRole('region', { name: 'Address and phone' });
    await address.getByText('Not known').first().waitFor();
    await address.getByRole('button', { name: 'Edit address and phone' }).click();
    const form = address.getByRole('form', { name: 'Address and phone' });
    await form.getByLabel('Address line 1').fill('12 St James’s Square');
    await form.getByLabel('Town or city').fill('London');
    await form.getByLabel('Postcode').fill('SW1A');
    await form.getByLabel('Phone').fill('07911 123456');
    await form.getByRole('button', { name: 'Save address and phone' }).click();
    // The API's refusal is named beside the postcode, and the form keeps what was typed.
    await form
      .getByText('Postcode must be a full UK postcode, such as SW1A 1AA, when the country is GB.')
      .waitFor();
    expect(await form.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Town or city').inputValue()).toBe('London');
    await look(page, 'supporter-address-error');
    await form.getByLabel('Postcode').fill('sw1y 4lg');
    await form.getByRole('button', { name: 'Save address and phone' }).click();
    await address.getByText('Address and phone saved.').waitFor();
    await address.getByText('SW1Y 4LG', { exact: true }).waitFor();
    await address.getByText('+44 7911 123456').waitFor();

    const preferences = page.getByRole('region', { name: 'Contact preferences' });
    await preferences.getByText('Post: not recorded').waitFor();
    await preferences.getByRole('button', { name: 'Change a preference' }).click();
    const change = preferences.getByRole('form', { name: 'Change a preference' });
    await change.getByLabel('Channel').selectOption({ label: 'Post' });
    await change.getByLabel('Their answer').selectOption({ label: 'Yes — on legitimate interests' });
    await change.getByLabel('How they told us (optional)').fill('Reply card from the spring fair');
    await change.getByRole('button', { name: 'Save the preference' }).click();
    await preferences.getByText('Preference saved.').waitFor();
    await preferences.getByText(`Post: yes — legitimate interests, since ${londonToday()}`).waitFor();
    await preferences.getByText('History of changes (1)').click();
    await preferences.getByText('Reply card from the spring fair', { exact: false }).waitFor();
    await look(page, 'supporter-address-and-preferences');

    const fps = page.getByRole('region', { name: 'Fundraising Preference Service' });
    await fps.getByRole('button', { name: 'Record an FPS request' }).click();
    const request = fps.getByRole('form', { name: 'Record an FPS request' });
    await request.getByLabel('FPS reference').fill('FPS-2026-001234');
    await request.getByLabel('Date received').fill('01/12/2026');
    await request.getByLabel('Email').uncheck();
    await request.getByLabel('Text message').uncheck();
    await look(page, 'supporter-fps-form');
    await request.getByRole('button', { name: 'Record the request' }).click();
    await fps.getByText('FPS request recorded. The channels it names were stopped at once.').waitFor();
    await fps.getByText('Apply by 29/12/2026').waitFor();
    await fps.getByText('received 01/12/2026: stop post and phone', { exact: false }).waitFor();
    // Applied at once: post is now refused.
    await preferences
      .getByText(`Post: no — Fundraising Preference Service request, since ${londonToday()}`)
      .waitFor();
    await look(page, 'supporter-fps-request');

    const death = page.getByRole('region', { name: 'Record a death' });
    await death.getByLabel('Date of death (optional)').fill('03/11/2026');
    await death.getByRole('button', { name: 'Record Ada Lovelace’s death' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record Ada Lovelace’s death?' });
    await dialog.getByText('This stops all contact with Ada Lovelace at once', { exact: false }).waitFor();
    await dialog.getByText('They are removed from every audience', { exact: false }).waitFor();
    await look(page, 'supporter-death-confirm');
    await dialog.getByRole('button', { name: 'Record the death' }).click();
    const banner = page.getByText('Ada Lovelace died on 03/11/2026.');
    await banner.waitFor();
    await preferences.getByText('No channel may be used: their death is recorded.').waitFor();
    expect(await page.getByRole('region', { name: 'Record a death' }).count()).toBe(0);
    const profile = (await api('subscribers', 'GET', `/supporters/${ids['ada.lovelace@example.org']}`)) as {
      deceased: boolean;
      dateOfDeath: string;
    };
    expect(profile).toMatchObject({ deceased: true, dateOfDeath: '2026-11-03' });
    await look(page, 'supporter-deceased');
  }, 120_000);

  it('merges a duplicate pair into the record chosen and opens the kept profile', async () => {
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/supporters`);
    await page.getByRole('link', { name: 'Possible duplicates' }).click();
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
    // Imported together, the two records' order is not known: each card is found by its email.
    const kept = page
      .getByRole('article', { name: /record: Grace Hopper$/ })
      .filter({ hasText: 'grace.hopper@example.org' });
    const other = page
      .getByRole('article', { name: /record: Grace Hopper$/ })
      .filter({ hasText: 'g.hopper@example.net' });
    await kept.getByText('BS1 4DJ').waitFor();
    await other.getByText('BS1 4DJ').waitFor();
    await other.getByText('1 gift, £50.00').waitFor();
    await kept.getByText('No gifts').waitFor();
    await page.getByText('same name and postcode', { exact: false }).waitFor();
    await look(page, 'supporter-duplicates');

    await kept.getByRole('button', { name: 'Merge into this one' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep this record of Grace Hopper?' });
    await dialog.getByText('gifts, monthly gifts and Gift Aid declarations').waitFor();
    await look(page, 'supporter-merge-confirm');
    await dialog.getByRole('button', { name: 'Merge the two records' }).click();
    await page
      .getByText(
        'Merged: the record for g.hopper@example.net is now part of Grace Hopper (grace.hopper@example.org)',
        {
          exact: false,
        },
      )
      .waitFor();
    await page.getByText('No possible duplicates found.').waitFor();
    await look(page, 'supporter-merged');
    await page.getByRole('link', { name: 'Open Grace Hopper’s profile' }).click();
    await page.getByRole('heading', { name: 'Grace Hopper', level: 1 }).waitFor();
    expect(page.url()).toBe(`${system.url}/supporters/${ids['grace.hopper@example.org']}`);
    // The other record's cheque moves across through the donations app's queue (a loaded machine may take a while).
    await waitFor(
      async () => {
        const kept = (await api('subscribers', 'GET', `/supporters/${ids['grace.hopper@example.org']}`)) as {
          donations: { totals: { count: number }[] };
        };
        return kept.donations.totals.some((total) => total.count === 1);
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the gift to move to the kept record' },
    );
    await page.reload();
    await page
      .getByRole('region', { name: 'Giving' })
      .getByText('£50.00 in 1 gift', { exact: false })
      .waitFor();

    // Its data downloads as a file (the body openapi-fetch read once, saved as is).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download their data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('grace-hopper-data.json');
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
    expect(JSON.stringify(exported)).toContain('grace.hopper@example.org');
    expect(await page.getByText('cannot reach the server', { exact: false }).count()).toBe(0);
    await look(page, 'supporter-kept-profile');
  }, 120_000);

  it('merges a record found from the profile into the one open', async () => {
    const { page } = await signedInAs('comms');
    await page.goto(`${system.url}/supporters/${ids['tom.jones@example.net']}`);
    const panel = page.getByRole('region', { name: 'Merge a duplicate into Tom Jones' });
    await panel.getByRole('searchbox', { name: 'Find the other record' }).fill('thomas');
    await panel.getByRole('button', { name: 'Find records' }).click();
    await panel.getByText('thomas.jones@example.com', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'Merge into Tom Jones' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge Thomas Jones into Tom Jones?' });
    await dialog.getByText('Thomas Jones (thomas.jones@example.com)').waitFor();
    await look(page, 'supporter-profile-merge-confirm');
    await dialog.getByRole('button', { name: 'Merge the two records' }).click();
    await panel
      .getByText('Merged: the record for thomas.jones@example.com is now part of this one', { exact: false })
      .waitFor();
    const other = (await api('subscribers', 'GET', `/supporters/${ids['thomas.jones@example.com']}`)) as {
      mergedIntoId: string | null;
    };
    expect(other.mergedIntoId).toBe(ids['tom.jones@example.net']);
    await look(page, 'supporter-profile-merged');
  }, 60_000);

  it('shows a viewer the record with no control that changes it', async () => {
    const { page } = await signedInAs('viewer');
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await page.getByText('Ada Lovelace died on 03/11/2026.').waitFor();
    await page.getByRole('region', { name: 'Address and phone' }).getByText('SW1Y 4LG').waitFor();
    await page
      .getByRole('region', { name: 'Fundraising Preference Service' })
      .getByText('Apply by 29/12/2026')
      .waitFor();
    for (const name of [
      'Edit address and phone',
      'Change a preference',
      'Record an FPS request',
      'Save changes',
      'Erase Ada Lovelace',
    ]) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(await page.getByRole('region', { name: 'Record a death' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: /^Merge a duplicate/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Download their data' }).waitFor();
    await look(page, 'supporter-record-viewer');
    await page.goto(`${system.url}/supporters/duplicates`);
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Merge into this one' }).count()).toBe(0);
  }, 60_000);

  it('fits the profile and the duplicates screen into 375 px', async () => {
    const { page } = await signedInAs('comms');
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${system.url}/supporters/${ids['ada.lovelace@example.org']}`);
    await page.getByRole('heading', { name: 'Contact preferences' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await look(page, 'supporter-record-375');
    await page.goto(`${system.url}/supporters/duplicates`);
    await page.getByRole('heading', { name: 'Possible duplicates', level: 1 }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  }, 60_000);

  it('has no serious or critical accessibility violation on these screens', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(10);
    expect(ui.violations()).toEqual({});
  });
});
