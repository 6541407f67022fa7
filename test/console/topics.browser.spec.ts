import { NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { type Page } from 'playwright-core';
import { ConsoleBrowser } from './support/console-browser';
import { type ConsoleSystem } from './support/console-system';

/**
 * The console's Email topics screen in a real browser against the real system (see
 * console.browser.spec.ts): an admin finds it under the Admin menu with the seeded Newsletter,
 * adds Appeals for soft opt-in donors and renames it, with problems said beside their field; the
 * audience builder picks topics by name and shows a saved rule's topic by name; comms staff manage
 * topics, a viewer has no topics screen but reads topic names in an audience.
 */

interface TopicBody {
  id: string;
  name: string;
  description: string;
  softOptIn: boolean;
  subscribers: number;
}

describe('the console’s Email topics screen in a browser', () => {
  let ui: ConsoleBrowser;
  let system: ConsoleSystem;
  let adminBearer: string;

  beforeAll(async () => {
    ui = await ConsoleBrowser.start();
    system = ui.system;
    adminBearer = await ui.bearer('admin', 'topics-browser-seed');
    // Three confirmed subscribers, one of whom left the Newsletter.
    const ids: string[] = [];
    for (const name of ['Ada', 'Grace', 'Joan']) {
      const [{ id }] = (await system.dataSource.query(
        `INSERT INTO supporters (email, email_normalised, first_name) VALUES ($1, $1, $2) RETURNING id`,
        [`${name.toLowerCase()}@example.org`, name],
      )) as { id: string }[];
      await system.dataSource.query(
        `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())`,
        [id],
      );
      ids.push(id);
    }
    await system.dataSource.query(
      `INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed) VALUES ($1, $2, false)`,
      [ids[2], NEWSLETTER_TOPIC_ID],
    );
  }, 180_000);
  afterEach(() => ui?.closeContexts());
  afterAll(() => ui?.stop());

  /** A call to the subscribers app with the admin token, answering the parsed body (a 2xx expected). */
  const api = (method: string, path: string, body?: unknown) =>
    ui.api(adminBearer, 'subscribers', method, path, body);
  const topicNamed = async (name: string): Promise<TopicBody | undefined> =>
    ((await api('GET', '/topics')) as { items: TopicBody[] }).items.find((topic) => topic.name === name);

  const signedInAs = (role: 'admin' | 'comms' | 'viewer') => ui.signedInAs(role);
  const look = (page: Page, screen: string) => ui.look(page, screen);

  /** The error shown beside a form's field, read through the field's aria-describedby. */
  async function errorBeside(page: Page, form: string, label: string): Promise<string> {
    const input = page.getByRole('form', { name: form }).getByLabel(label, { exact: true });
    await page.waitForFunction(
      (element) => element?.getAttribute('aria-invalid') === 'true',
      await input.elementHandle(),
    );
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ');
    const texts = await Promise.all(
      ids.map((id) => page.locator(`[id="${id}"].field-error`).allTextContents()),
    );
    return texts.flat().join(' ');
  }

  /** The box of the topic with this name on the topics screen. */
  const topicBox = (page: Page, name: string) =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, level: 3, exact: true }) });

  /** What sticks out past the screen's right edge, to say why a page scrolls sideways. */
  const widerThanScreen = (page: Page): Promise<string[]> =>
    page.evaluate(`[...document.querySelectorAll('main *')]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .slice(0, 5)
      .map((element) => element.tagName + '.' + element.className + ': ' + (element.textContent || '').slice(0, 40))`);

  it('lets an admin see the Newsletter, add Appeals for soft opt-in donors and rename it, saying problems beside the field', async () => {
    const { page } = await signedInAs('admin');
    await page.goto(system.url);
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('button', { name: 'Admin' }).click();
    await menu.getByRole('link', { name: 'Email topics' }).click();
    await page.getByRole('heading', { name: 'Email topics', level: 1 }).waitFor();
    const newsletter = topicBox(page, 'Newsletter');
    // Ada and Grace; Joan left it.
    await newsletter
      .getByText('2 subscribers on it: everyone who subscribes, unless they leave it.')
      .waitFor();
    await newsletter
      .getByText('Donors under the charity soft opt-in get it only if they choose it.')
      .waitFor();
    await newsletter
      .getByText('Supporters see under it: “Our news and what your support makes possible”')
      .waitFor();
    await look(page, 'topics-list');

    // No name: said beside the field, nothing sent.
    const add = page.getByRole('form', { name: 'Add a topic' });
    await add.getByRole('button', { name: 'Add the topic' }).click();
    expect(await errorBeside(page, 'Add a topic', 'Name')).toBe('Give the topic a name, such as “Appeals”.');
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-invalid')")).toBe('true');

    await add.getByLabel('Name', { exact: true }).fill('Appeals');
    await add.getByLabel('What supporters see under it (optional)').fill('When an emergency needs your help');
    await add.getByLabel(/Donors under the charity soft opt-in may receive it/).check();
    await add.getByRole('button', { name: 'Add the topic' }).click();
    const appeals = topicBox(page, 'Appeals');
    await appeals
      .getByText('“Appeals” is added. Supporters can choose it on their preference page now.')
      .waitFor();
    await appeals.getByText('Also goes to donors under the charity soft opt-in.').waitFor();
    await appeals.getByText('Supporters see under it: “When an emergency needs your help”').waitFor();
    await appeals.getByText('No subscribers on it yet.').waitFor();
    expect(await topicNamed('Appeals')).toMatchObject({
      description: 'When an emergency needs your help',
      softOptIn: true,
      subscribers: 0,
    });
    // The form is empty again for the next one.
    expect(await add.getByLabel('Name', { exact: true }).inputValue()).toBe('');

    // A name in use (in any case) is refused by the server, said beside the field until it is changed.
    await add.getByLabel('Name', { exact: true }).fill('newsletter');
    await add.getByRole('button', { name: 'Add the topic' }).click();
    expect(await errorBeside(page, 'Add a topic', 'Name')).toBe(
      'There is already a topic called “newsletter”: choose another name.',
    );
    await look(page, 'topics-add-name-taken');
    await add.getByLabel('Name', { exact: true }).fill('');
    expect(await add.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();

    // Renamed, and no longer for soft opt-in donors.
    await appeals.getByRole('button', { name: 'Change Appeals' }).click();
    const change = page.getByRole('form', { name: 'Change “Appeals”' });
    expect(
      await change
        .getByLabel('Name', { exact: true })
        .evaluate((input) => input === input.ownerDocument.activeElement),
    ).toBe(true);
    await change.getByLabel('Name', { exact: true }).fill('Newsletter');
    await change.getByRole('button', { name: 'Save the changes' }).click();
    expect(await errorBeside(page, 'Change “Appeals”', 'Name')).toBe(
      'There is already a topic called “Newsletter”: choose another name.',
    );
    await change.getByLabel('Name', { exact: true }).fill('Emergency appeals');
    await change.getByLabel(/Donors under the charity soft opt-in may receive it/).uncheck();
    await look(page, 'topics-change');
    await change.getByRole('button', { name: 'Save the changes' }).click();
    const renamed = topicBox(page, 'Emergency appeals');
    await renamed
      .getByText(
        '“Appeals” is now called “Emergency appeals”; donors under the soft opt-in now get it only if they choose it.',
      )
      .waitFor();
    await renamed
      .getByText('Donors under the charity soft opt-in get it only if they choose it.', { exact: true })
      .waitFor();
    expect(await page.getByRole('form', { name: /^Change/ }).count()).toBe(0);
    expect(await topicNamed('Emergency appeals')).toMatchObject({ softOptIn: false });
    expect(await topicNamed('Appeals')).toBeUndefined();
    await look(page, 'topics-renamed');

    await page.setViewportSize({ width: 375, height: 800 });
    await look(page, 'topics-narrow');
    await renamed.getByRole('button', { name: 'Change Emergency appeals' }).click();
    await page.getByRole('form', { name: 'Change “Emergency appeals”' }).waitFor();
    expect(await widerThanScreen(page)).toEqual([]);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await look(page, 'topics-change-narrow');
  }, 120_000);

  it('lets comms staff pick topics by name in an audience, shown by name when it is opened again', async () => {
    const appeals =
      (await topicNamed('Emergency appeals')) ??
      (await api('POST', '/topics', { name: 'Emergency appeals' }));
    const appealsId = (appeals as TopicBody).id;
    const { page } = await signedInAs('comms');
    await page.goto(system.url);
    // Comms staff have no Admin menu: the topics screen is in the main menu, and theirs to change.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Email topics' }).click();
    await topicBox(page, 'Newsletter').getByRole('button', { name: 'Change Newsletter' }).waitFor();

    await page.goto(`${system.url}/audiences/new`);
    await page.getByRole('heading', { name: 'New audience', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Appeal readers');
    const first = page.getByRole('group', { name: 'Condition 1', exact: true });
    await first.getByLabel('Field').selectOption({ label: 'Email topics' });
    await first.getByLabel('Condition').selectOption({ label: 'is on' });
    const topic = first.getByLabel('Topic', { exact: true });
    await topic.locator('option', { hasText: 'Emergency appeals' }).waitFor({ state: 'attached' });
    expect(await topic.locator('option').allTextContents()).toEqual([
      'Choose a topic…',
      'Newsletter',
      'Emergency appeals',
    ]);
    await topic.selectOption({ label: 'Emergency appeals' });
    await look(page, 'topics-audience-builder');
    await page.getByRole('button', { name: 'Save audience' }).click();
    await page.waitForURL(/\/audiences\/[0-9a-f-]{36}$/);
    await page.getByText('Audience saved.').waitFor();
    const segmentId = /audiences\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect(((await api('GET', `/segments/${segmentId}`)) as { rules: unknown }).rules).toEqual({
      all: [{ field: 'topics', op: 'contains', value: appealsId }],
    });
    await page.reload();
    const reopened = page.getByRole('group', { name: 'Condition 1', exact: true });
    await reopened
      .getByLabel('Topic', { exact: true })
      .locator('option:checked', { hasText: 'Emergency appeals' })
      .waitFor({ state: 'attached' });

    // Several topics are ticked by name.
    await reopened.getByLabel('Condition').selectOption({ label: 'is on any of' });
    const ticks = reopened.getByRole('group', { name: 'Topics' });
    await ticks.getByLabel('Newsletter').check();
    await ticks.getByLabel('Emergency appeals').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Audience saved.').waitFor();
    expect(((await api('GET', `/segments/${segmentId}`)) as { rules: unknown }).rules).toEqual({
      all: [{ field: 'topics', op: 'any_of', value: [NEWSLETTER_TOPIC_ID, appealsId] }],
    });
  }, 90_000);

  it('gives a viewer no topics screen, but topic names in an audience', async () => {
    const appeals =
      (await topicNamed('Emergency appeals')) ??
      (await api('POST', '/topics', { name: 'Emergency appeals' }));
    const segment = (await api('POST', '/segments', {
      name: 'Not on appeals',
      rules: { field: 'topics', op: 'none_of', value: [(appeals as TopicBody).id] },
    })) as { id: string };
    const { page } = await signedInAs('viewer');
    await page.goto(system.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audiences' }).waitFor();
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Email topics' })
        .count(),
    ).toBe(0);
    await page.goto(`${system.url}/topics`);
    await page.getByText('Your role does not include this screen. Ask an admin if you need it.').waitFor();

    await page.goto(`${system.url}/audiences/${segment.id}`);
    const ticks = page
      .getByRole('group', { name: 'Condition 1', exact: true })
      .getByRole('group', { name: 'Topics' });
    expect(await ticks.getByLabel('Emergency appeals').isChecked()).toBe(true);
    expect(await ticks.getByLabel('Newsletter').isChecked()).toBe(false);
    await look(page, 'topics-audience-viewer');
  }, 60_000);

  it('has no serious or critical accessibility violation on the topics screens', () => {
    expect(Object.keys(ui.accessibility).length).toBeGreaterThanOrEqual(7);
    expect(ui.violations()).toEqual({});
  });
});
