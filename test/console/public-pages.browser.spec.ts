import AxeBuilder from '@axe-core/playwright';
import { type BootedApp, bootApp, FakeStripe, TestEnvironment } from '@crm/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { transactionalMailQueue } from '@crm/queues';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { loadDonationsConfig } from '../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../apps/donations/src/donations.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';
import { REPO_ROOT } from '../support/compiled';

/**
 * The donate and sign-up pages in a real browser (Debian's chromium), with the pages' own
 * Content-Security-Policy in force: with JavaScript and without, at 1280 and 375 px, checked with
 * axe and photographed into test-artifacts/screens/public-*.png.
 */
const SCREENS = join(REPO_ROOT, 'test-artifacts', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The organisation's website, served by request interception: http, as the apps under test are. */
const WEBSITE = 'http://localhost:47001';
const OTHER_SITE = 'http://localhost:47002';
const WIDTHS = { desktop: { width: 1280, height: 900 }, mobile: { width: 375, height: 740 } };

describe('the public pages in a browser', () => {
  jest.setTimeout(90_000);

  let env: TestEnvironment;
  let stripe: FakeStripe;
  let donations: BootedApp;
  let subscribers: BootedApp;
  let browser: Browser;
  const accessibility: Record<string, string[]> = {};

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    // The website below is served by request interception, which Chromium counts as a public
    // address: its frame of the app on 127.0.0.1 would be refused as a local-network request.
    const launching = chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-features=LocalNetworkAccessChecks'],
    });
    env = await TestEnvironment.create();
    stripe = await new FakeStripe().start();
    const vars = env.env({
      ...stripe.env('whsec_browser_public_pages_0123'),
      CHECKOUT_IP_LIMIT: '1000',
      ORG_NAME: 'Friends of the Canal',
      ORG_ADDRESS: 'Lock Cottage, Towpath Lane, Bath, BA1 1AA · Registered charity 1234567',
      EMBED_ORIGINS: WEBSITE,
    });
    donations = await bootApp(
      loadDonationsConfig({ ...vars, DONATIONS_PUBLIC_URL: undefined }),
      DonationsModule.forRoot,
    );
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    browser = await launching;
  }, 120_000);
  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await subscribers?.close();
    await donations?.close();
    await stripe?.stop();
    await env?.destroy();
  });

  async function newContext(
    size: { width: number; height: number },
    javaScriptEnabled = true,
  ): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'en-GB', viewport: size, javaScriptEnabled });
    context.setDefaultTimeout(10_000);
    // Stripe Checkout stands in as a page of its own at its real address.
    await context.route('https://checkout.stripe.com/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Stripe Checkout</title><h1>Pay</h1>' }),
    );
    return context;
  }

  /** Axe on the page as it is now (serious and critical violations kept), then a screenshot. */
  async function look(page: Page, screen: string, scripted = true): Promise<void> {
    // axe runs as a script: a page with JavaScript off is checked in its scripted twin.
    if (scripted) {
      const results = await new AxeBuilder({ page }).analyze();
      accessibility[screen] = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes[0]?.target.join(' ')}`);
    }
    await page.screenshot({ path: join(SCREENS, `public-${screen}.png`), fullPage: true });
  }

  it('gives £10 a month with Gift Aid and the fee covered (JavaScript on) and is thanked by name', async () => {
    const context = await newContext(WIDTHS.desktop);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${donations.url}/donate?campaign=towpath-appeal`);
    await look(page, 'donate-desktop');
    // The address is asked for only once Gift Aid is ticked.
    await page.getByLabel('House name or number').waitFor({ state: 'hidden' });

    await page.getByLabel('Monthly', { exact: true }).check();
    await page.getByLabel('£10.00', { exact: true }).check();
    await page.getByLabel(/to cover the card fee/).check();
    await page.getByText('Add £0.36 to cover the card fee').waitFor();
    await page.getByText('You are giving £10.36 a month.').waitFor();
    await page.getByLabel(/Yes, add Gift Aid/).check();
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email address').fill('ada.browser@example.org');
    await page.getByLabel('House name or number').fill('12');
    await page.getByLabel('Postcode').fill('ba1 1aa');
    await look(page, 'donate-filled-desktop');
    await page.getByRole('button', { name: 'Continue to secure payment' }).click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);
    const sessionId = /cs_test_\w+/.exec(page.url())![0];
    expect(errors).toEqual([]);

    stripe.completeSession(sessionId, { name: 'Ada Lovelace' });
    await page.goto(`${donations.url}/donate/thanks?session_id=${sessionId}`);
    await page.getByRole('heading', { name: 'Thank you, Ada!' }).waitFor();
    await page.getByText('£10.00 a month').waitFor();
    await look(page, 'thanks-desktop');
    await page.setViewportSize(WIDTHS.mobile);
    await look(page, 'thanks-mobile');
  });

  it('shows errors beside their fields without JavaScript, keeping the choices, at 375 px', async () => {
    const context = await newContext(WIDTHS.mobile, false);
    const page = await context.newPage();
    await page.goto(`${donations.url}/donate?amount=50`);
    await look(page, 'donate-mobile', false);
    await page.getByLabel('Other amount in pounds').fill('0.50');
    await page.getByLabel(/Yes, add Gift Aid/).check();
    await page.getByLabel('First name').fill('Ada');
    await page.getByRole('button', { name: 'Continue to secure payment' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('#amount-error').textContent()).toBe(
      'Error: Enter an amount between £1.00 and £10,000.00',
    );
    expect(await page.locator('#lastName-error').textContent()).toBe('Error: Enter your last name');
    expect(await page.getByLabel('Last name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('First name').inputValue()).toBe('Ada');
    expect(await page.getByLabel('Other amount in pounds').inputValue()).toBe('0.50');
    expect(await page.getByLabel(/Yes, add Gift Aid/).isChecked()).toBe(true);
    await look(page, 'donate-errors-mobile', false);

    // Fixed, the same form goes on to Stripe without any script.
    await page.getByLabel('Other amount in pounds').fill('15');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email address').fill('ada.nojs@example.org');
    await page.getByLabel('House name or number').fill('Lock Cottage');
    await page.getByLabel('Postcode').fill('BA1 1AA');
    await page.getByRole('button', { name: 'Continue to secure payment' }).click();
    await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\//);
  });

  it('may be framed by the organisation’s website and by no other', async () => {
    const context = await newContext(WIDTHS.desktop);
    const framing = (origin: string) =>
      context.route(`${origin}/`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<title>Home</title><iframe src="${donations.url}/donate" title="Donate" width="800" height="600"></iframe>`,
        }),
      );
    await framing(WEBSITE);
    await framing(OTHER_SITE);
    const page = await context.newPage();
    await page.goto(`${WEBSITE}/`);
    await page
      .frameLocator('iframe')
      .getByRole('heading', { name: 'Donate to Friends of the Canal' })
      .waitFor();
    // Elsewhere the browser refuses to show the page (frame-ancestors) and shows its error page.
    const refused = page.waitForEvent('console', (message) => message.text().includes('frame-ancestors'));
    await page.goto(`${OTHER_SITE}/`);
    await refused;
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame())!;
    expect(await frame.getByRole('heading', { name: 'Donate to Friends of the Canal' }).count()).toBe(0);
  });

  it('signs up through the form to "check your email", at 1280 and 375 px', async () => {
    for (const [name, size] of Object.entries(WIDTHS)) {
      const context = await newContext(size);
      const page = await context.newPage();
      await page.goto(`${subscribers.url}/subscribe?source=browser`);
      await look(page, `subscribe-${name}`);
      await page.getByLabel('Email address').fill(`reader.${name}@example.org`);
      await page.getByRole('button', { name: 'Sign up' }).click();
      expect(await page.locator('#consent-error').textContent()).toBe(
        'Error: Tick the box to say you would like our emails',
      );
      expect(await page.getByLabel('Email address').inputValue()).toBe(`reader.${name}@example.org`);
      if (name === 'mobile') await look(page, 'subscribe-errors-mobile');
      await page.getByLabel(/Yes, please email me news/).check();
      await page.getByRole('button', { name: 'Sign up' }).click();
      await page.getByRole('heading', { name: 'Check your email' }).waitFor();
      await look(page, `check-email-${name}`);
      await context.close();
    }
  });

  it('confirms from the emailed link only when its button is pressed', async () => {
    const [supporter] = (await subscribers.app
      .get(DataSource)
      .query(`SELECT id FROM supporters WHERE email_normalised = 'reader.mobile@example.org'`)) as {
      id: string;
    }[];
    const jobs = await subscribers.app
      .get<Queue>(getQueueToken(transactionalMailQueue.name))
      .getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    const confirmUrl = jobs
      .map((job) => job.data as { template: string; supporterId?: string; confirmUrl?: string })
      .find(
        (data) => data.template === 'confirm-subscription' && data.supporterId === supporter?.id,
      )?.confirmUrl;
    expect(confirmUrl).toBeDefined();
    const link = new URL(confirmUrl!);
    const context = await newContext(WIDTHS.mobile);
    // The button posts to PUBLIC_URL, this app's public address: here, the app under test.
    await context.route(`${link.origin}/subscribe/confirm`, (route) =>
      route.continue({ url: `${subscribers.url}/subscribe/confirm` }),
    );
    const page = await context.newPage();
    await page.goto(`${subscribers.url}${link.pathname}${link.search}`);
    await page.getByRole('heading', { name: 'Confirm your subscription' }).waitFor();
    await look(page, 'confirm-mobile');
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
    await look(page, 'confirmed-mobile');
  });

  afterAll(() => {
    const problems = Object.entries(accessibility).filter(([, violations]) => violations.length > 0);
    expect(problems).toEqual([]);
  });
});
