import AxeBuilder from '@axe-core/playwright';
import { type AppName, staffBearer, staffSession, waitFor } from '@crm/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { REPO_ROOT } from '../../support/compiled';
import { ConsoleSystem } from './console-system';

/** Where every browser suite photographs its screens, to be looked at by a person. */
export const SCREENS = join(REPO_ROOT, 'test-artifacts', 'screens');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export type StaffRole = 'admin' | 'fundraising' | 'comms' | 'viewer';

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  csrfToken: string;
  userId: string;
}

export interface LookOptions {
  /** Wait for the network to go quiet first (default); a page that polls never does. */
  settle?: boolean;
  /** Check the framed email previews too (default); axe cannot run inside a sandboxed frame. */
  frames?: boolean;
}

/**
 * What every console browser suite works with: the whole system as `npm start` runs it and a
 * Debian chromium, with staff contexts signed in as sign-in does, calls to the apps' APIs, the
 * supporters seed import, and `look` (axe on the screen as it is, then a screenshot).
 */
export class ConsoleBrowser {
  /** Each screen looked at, with its serious and critical accessibility violations. */
  readonly accessibility: Record<string, string[]> = {};

  private constructor(
    readonly system: ConsoleSystem,
    readonly browser: Browser,
  ) {}

  /** Starts the system (`env` as for ConsoleSystem.start) while chromium launches beside it. */
  static async start(env: Record<string, string> = {}): Promise<ConsoleBrowser> {
    mkdirSync(SCREENS, { recursive: true });
    const launching = chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    let system: ConsoleSystem;
    try {
      system = await ConsoleSystem.start(env);
    } catch (error) {
      await launching.then((browser) => browser.close()).catch(() => undefined);
      throw error;
    }
    try {
      return new ConsoleBrowser(system, await launching);
    } catch (error) {
      await system.stop();
      throw error;
    }
  }

  /** The console's address, as a person types it. */
  get url(): string {
    return this.system.url;
  }

  /** A bearer token for a new member of staff of this role, for seeding through the APIs. */
  bearer(role: StaffRole, name: string): Promise<string> {
    return staffBearer(this.system.dataSource, role, name);
  }

  /** A call straight to an app's API, answering the parsed body; anything but a 2xx throws. */
  async api<T = unknown>(
    bearer: string,
    app: AppName,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.system.apps[app].url}${path}`, {
      method,
      headers: {
        Authorization: bearer,
        ...(body !== undefined && { 'Content-Type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Seeds supporters the way an import does, through the subscribers app, and waits for it to finish. */
  async importSupporters(bearer: string, csv: string, consentSource = 'spring-fair-2026'): Promise<void> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'seed.csv');
    form.append('consentSource', consentSource);
    const started = await fetch(`${this.system.apps.subscribers.url}/supporters/import`, {
      method: 'POST',
      headers: { Authorization: bearer },
      body: form,
    });
    if (started.status !== 202) throw new Error(`the seed import answered ${started.status}`);
    const { id } = (await started.json()) as { id: string };
    await waitFor(
      async () =>
        (await this.api<{ status: string }>(bearer, 'subscribers', 'GET', `/imports/${id}`)).status ===
        'completed',
      { timeoutMs: 20_000, intervalMs: 100, what: 'the seed import' },
    );
  }

  /** A British browser (en-GB, Europe/London, 1280 × 900 unless given). */
  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      locale: 'en-GB',
      timezoneId: 'Europe/London',
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    // Generous: the suites share a small, busy machine.
    context.setDefaultTimeout(20_000);
    return context;
  }

  /** A context signed in as a new member of staff of this role (the session written as sign-in does). */
  async signedInAs(role: StaffRole, options: BrowserContextOptions = {}): Promise<SignedIn> {
    const session = await staffSession(this.system.dataSource, role, { name: `Alex ${role}` });
    const context = await this.newContext(options);
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: this.url, httpOnly: true, sameSite: 'Strict' }]);
    return { context, page: await context.newPage(), csrfToken: session.csrfToken, userId: session.userId };
  }

  /** Axe on the screen as it is now (serious and critical violations kept), then a full-page screenshot. */
  async look(page: Page, screen: string, { settle = true, frames = true }: LookOptions = {}): Promise<void> {
    if (settle) await page.waitForLoadState('networkidle');
    // Legacy mode runs axe in the page and its same-origin frames only; the default also opens a
    // blank page per analysis to merge the frames' results, which made axe 3.1 s of each look. On
    // all 102 screens both find the same passes, violations and incomplete checks (our frames are
    // same-origin); the browser suites take 348 s instead of 449.
    const axe = new AxeBuilder({ page }).setLegacyMode(true);
    const results = await (frames ? axe : axe.options({ iframes: false }).exclude('iframe')).analyze();
    this.accessibility[screen] = results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
            .slice(0, 3)
            .map((node) => node.target.join(' '))
            .join(', ')}`,
      );
    await page.screenshot({ path: join(SCREENS, `${screen}.png`), fullPage: true });
  }

  /** The screens looked at that have a serious or critical violation, by screen. */
  violations(): Record<string, string[]> {
    return Object.fromEntries(Object.entries(this.accessibility).filter(([, found]) => found.length > 0));
  }

  /** After each test: a page a failed test left open is photographed where it stopped; every context closes. */
  async closeContexts(): Promise<void> {
    const test = (expect.getState().currentTestName ?? 'test').replace(/\W+/g, '-').slice(-50);
    for (const [n, context] of this.browser.contexts().entries()) {
      for (const [m, page] of context.pages().entries()) {
        await page.screenshot({ path: join(SCREENS, `unfinished-${test}-${n}-${m}.png`) }).catch(() => {});
      }
      await context.close();
    }
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.system.stop();
  }
}
