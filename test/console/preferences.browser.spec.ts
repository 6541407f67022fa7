import AxeBuilder from '@axe-core/playwright';
import { signPreferencesToken } from '@crm/auth';
import { NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { transactionalMailQueue } from '@crm/queues';
import { type BootedApp, bootApp, staffBearer, TEST_APP_SECRET, TestEnvironment } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';
import { REPO_ROOT } from '../support/compiled';

/**
 * Issue 19's sign-up journey in a real browser (Debian's chromium): the form, the emailed
 * confirmation link and its button, then the preference centre choosing a topic, renaming and
 * leaving everything, checked through the staff API; axe and screenshots of the preference page.
 */
const SCREENS = join(REPO_ROOT, 'test-artifacts', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EMAIL = 'joan.preferences@example.org';

interface Topic {
  id: string;
  name: string;
  subscribers: number;
}

describe('the preference centre in a browser', () => {
  jest.setTimeout(90_000);

  let env: TestEnvironment;
  let subscribers: BootedApp;
  let browser: Browser;
  let staff: string;

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    const launching = chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    env = await TestEnvironment.create();
    subscribers = await bootApp(
      loadSubscribersConfig(env.env({ ORG_NAME: 'Friends of the Canal' })),
      SubscribersModule.forRoot,
    );
    staff = await staffBearer(subscribers.app.get(DataSource), 'admin');
    browser = await launching;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await subscribers?.close();
    await env?.destroy();
  });

  const api = () => request(subscribers.url);
  const topics = async (): Promise<Topic[]> =>
    ((await api().get('/topics').set('Authorization', staff).expect(200)).body as { items: Topic[] }).items;

  /** Serious and critical axe violations on the page as it is now. */
  async function seriousViolations(page: Page): Promise<string[]> {
    const results = await new AxeBuilder({ page }).analyze();
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => `${violation.id}: ${violation.help} at ${violation.nodes[0]?.target.join(' ')}`);
  }

  it('signs up, confirms by the button, then chooses Appeals, renames, and leaves everything', async () => {
    const created = await api()
      .post('/topics')
      .set('Authorization', staff)
      .send({ name: 'Appeals', description: 'When the canal needs your help most', softOptIn: true })
      .expect(201);
    const appealsId = (created.body as Topic).id;

    const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${subscribers.url}/subscribe?source=browser`);
    await page.getByLabel(/Your name/).fill('Joan Clarke');
    await page.getByLabel('Email address').fill(EMAIL);
    await page.getByLabel(/Yes, please email me news/).check();
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const found = await api().get('/supporters').query({ q: EMAIL }).set('Authorization', staff).expect(200);
    const supporterId = (found.body as { items: { id: string }[] }).items[0]!.id;
    const jobs = await subscribers.app
      .get<Queue>(getQueueToken(transactionalMailQueue.name))
      .getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
    const confirmUrl = jobs
      .map((job) => job.data as { template: string; supporterId?: string; confirmUrl?: string })
      .find(
        (data) => data.template === 'confirm-subscription' && data.supporterId === supporterId,
      )?.confirmUrl;
    expect(confirmUrl).toBeDefined();
    const link = new URL(confirmUrl!);
    // The button posts to PUBLIC_URL, this app's public address: here, the app under test.
    await context.route(`${link.origin}/subscribe/confirm`, (route) =>
      route.continue({ url: `${subscribers.url}/subscribe/confirm` }),
    );
    await page.goto(`${subscribers.url}${link.pathname}${link.search}`);
    await page.getByRole('button', { name: 'Confirm my subscription' }).click();
    await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();

    // The link every email carries beside unsubscribe, signed with the app's secret.
    const token = signPreferencesToken(TEST_APP_SECRET, supporterId);
    await page.goto(`${subscribers.url}/preferences?token=${encodeURIComponent(token)}`);
    await page.getByRole('heading', { name: 'Your email preferences' }).waitFor();
    expect(await page.getByLabel(/Newsletter/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Appeals/).isChecked()).toBe(false);
    expect(await page.getByLabel('First name').inputValue()).toBe('Joan');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENS, 'public-preferences-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 740 });
    await page.screenshot({ path: join(SCREENS, 'public-preferences-mobile.png'), fullPage: true });

    await page.getByLabel(/Appeals/).check();
    await page.getByLabel('First name').fill('Joanna');
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await page.getByText('Your choices are saved.').waitFor();
    expect(await page.getByLabel(/Appeals/).isChecked()).toBe(true);
    expect(await page.getByLabel(/Newsletter/).isChecked()).toBe(true);
    expect(await page.getByLabel('First name').inputValue()).toBe('Joanna');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENS, 'public-preferences-saved-mobile.png'), fullPage: true });

    const profile = (await api().get(`/supporters/${supporterId}`).set('Authorization', staff).expect(200))
      .body as {
      firstName: string;
      consentHistory: { kind: string; wording: string | null; source: string }[];
    };
    expect(profile.firstName).toBe('Joanna');
    expect(profile.consentHistory).toContainEqual(
      expect.objectContaining({
        kind: 'topic_joined',
        wording: 'Yes, email me about: Appeals',
        source: 'preference-centre',
      }),
    );
    const counted = (list: Topic[], id: string) => list.find((topic) => topic.id === id)?.subscribers;
    expect(counted(await topics(), appealsId)).toBe(1);

    await page.getByRole('button', { name: 'Unsubscribe from everything' }).click();
    await page.getByText('You are unsubscribed from everything.').waitFor();
    expect(await page.getByLabel(/Appeals/).isChecked()).toBe(false);
    expect(await page.getByLabel(/Newsletter/).isChecked()).toBe(false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({
      path: join(SCREENS, 'public-preferences-unsubscribed-desktop.png'),
      fullPage: true,
    });
    const after = await topics();
    expect([counted(after, appealsId), counted(after, NEWSLETTER_TOPIC_ID)]).toEqual([0, 0]);
    const left = (
      (await api().get(`/supporters/${supporterId}`).set('Authorization', staff).expect(200)).body as {
        consentHistory: { kind: string; wording: string | null }[];
      }
    ).consentHistory.filter((event) => event.kind === 'topic_left');
    expect(left.map((event) => event.wording).sort()).toEqual([
      'Stop emailing me about: Appeals',
      'Stop emailing me about: Newsletter',
    ]);
    await context.close();
  });
});
