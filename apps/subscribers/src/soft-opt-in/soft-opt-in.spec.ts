import { signPreferencesToken, signUnsubscribeToken } from '@crm/auth';
import type { JobOf, subscribersEventsQueue } from '@crm/queues';
import { mailableForTopic } from '@crm/segments';
import { runSql, sql } from '@crm/sql';
import { type BootedApp, bootApp, TEST_APP_SECRET, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { DonorsService } from '../donors/donors.service';
import { SubscribersModule } from '../subscribers.module';

const NOTICE =
  'If you do not tick the box above, we may still email you about our own appeals and campaigns.';

describe('donate-page marketing choices and the charity soft opt-in', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let donors: DonorsService;
  let appeals: string;
  let offers: string;

  const donor = (
    email: string,
    marketing?: JobOf<typeof subscribersEventsQueue, 'record-donor'>['marketing'],
  ) => donors.recordDonor({ email, name: 'Dee Donor', ...(marketing ? { marketing } : {}) });
  const ledger = async (id: string) =>
    (await db.query(`SELECT kind, wording, source FROM consent_events WHERE supporter_id = $1 ORDER BY id`, [
      id,
    ])) as { kind: string; wording: string; source: string }[];
  const mailable = async (id: string, topicId: string, softOptIn = true): Promise<boolean> => {
    const { rows } = await runSql<{ id: string }>(
      db.manager,
      sql`SELECT s.id FROM supporters s WHERE s.id = ${id} AND ${mailableForTopic('s', sql`${topicId}::uuid`, softOptIn)}`,
    );
    return rows.length === 1;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    donors = booted.app.get(DonorsService);
    const topic = async (name: string, softOptIn: boolean) =>
      (
        (await db.query(`INSERT INTO topics (name, soft_opt_in) VALUES ($1, $2) RETURNING id`, [
          name,
          softOptIn,
        ])) as {
          id: string;
        }[]
      )[0]!.id;
    appeals = await topic('Appeals', true);
    offers = await topic('Partner offers', false);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('records a ticked marketing box as consent with its wording, and asks them to confirm by email', async () => {
    const wording = "Yes, email me news about Example Campaign Group's work, campaigns and appeals.";
    const id = await donor('ticked@example.org', { choice: 'consent', wording });
    expect(await ledger(id)).toEqual([{ kind: 'requested', wording, source: 'donate-page' }]);
    const [{ status }] = await db.query(
      `SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`,
      [id],
    );
    expect(status).toBe('pending');
    // Not mailable until the confirmation link is pressed (double opt-in, as every sign-up).
    expect(await mailable(id, appeals)).toBe(false);
  });

  it('makes a soft opt-in donor mailable for the topics that allow it, recorded with its basis and wording', async () => {
    const id = await donor('soft@example.org', { choice: 'soft_opt_in', wording: NOTICE });
    expect(await ledger(id)).toEqual([{ kind: 'soft_opt_in', wording: NOTICE, source: 'donate-page' }]);
    expect(await mailable(id, appeals)).toBe(true);
    expect(await mailable(id, offers)).toBe(false);
    // SOFT_OPT_IN=false: nobody is emailed on this basis.
    expect(await mailable(id, appeals, false)).toBe(false);
    // A second gift changes nothing and adds no ledger row.
    await donor('soft@example.org', { choice: 'soft_opt_in', wording: NOTICE });
    expect(await ledger(id)).toHaveLength(1);
  });

  it('never mails a donor who ticked the opt-out, even after a later gift without it', async () => {
    const id = await donor('declined@example.org', {
      choice: 'opted_out',
      wording: `${NOTICE} Ticked: "No thanks"`,
    });
    expect((await ledger(id)).map((row) => row.kind)).toEqual(['soft_opt_out']);
    await donor('declined@example.org', { choice: 'soft_opt_in', wording: NOTICE });
    expect(await mailable(id, appeals)).toBe(false);
  });

  it('stops soft opt-in mail after one-click unsubscribe, or leaving the topic on the preference page', async () => {
    const clicked = await donor('clicked@example.org', { choice: 'soft_opt_in', wording: NOTICE });
    await request(booted.url)
      .post('/unsubscribe')
      .query({ token: signUnsubscribeToken(TEST_APP_SECRET, clicked) })
      .type('form')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(await mailable(clicked, appeals)).toBe(false);

    const chooser = await donor('chooser@example.org', { choice: 'soft_opt_in', wording: NOTICE });
    await request(booted.url)
      .post('/preferences')
      .query({ token: signPreferencesToken(TEST_APP_SECRET, chooser) })
      .type('form')
      .send('action=save')
      .expect(200);
    expect(await mailable(chooser, appeals)).toBe(false);
  });

  it('gives nothing for a gift that came another way: giving alone is not consent', async () => {
    const id = await donor('plain@example.org');
    expect(await ledger(id)).toEqual([]);
    expect(await mailable(id, appeals)).toBe(false);
  });
});
