import { signPreferencesToken } from '@crm/auth';
import { type BootedApp, bootApp, staffBearer, TEST_APP_SECRET, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { DonorsService } from '../donors/donors.service';
import { SubscribersModule } from '../subscribers.module';

const NOTICE =
  'If you do not tick the box above, we may still email you about our own appeals and campaigns.';

/**
 * Erasure forgets a supporter's topic choices and charity soft opt-in; the consent ledger keeps
 * its rows about them (what happened and when, the words shown) without the personal evidence,
 * as it does for every other consent row.
 */
describe('erasure: topic choices and the soft opt-in', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let admin: string;
  let appealsId: string;

  const rowsOf = async (table: 'topic_subscriptions' | 'soft_opt_ins', id: string): Promise<number> =>
    (
      (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE supporter_id = $1`, [id])) as {
        n: number;
      }[]
    )[0]!.n;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    admin = await staffBearer(db, 'admin');
    const created = await request(booted.url)
      .post('/topics')
      .set('Authorization', admin)
      .send({ name: 'Appeals', description: 'When the canal needs you', softOptIn: true })
      .expect(201);
    appealsId = (created.body as { id: string }).id;
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('deletes their topic choices and soft opt-in, keeping the anonymised ledger rows', async () => {
    const id = await booted.app.get(DonorsService).recordDonor({
      email: 'erin.erased@example.org',
      name: 'Erin Erased',
      marketing: { choice: 'soft_opt_in', wording: NOTICE },
    });
    await request(booted.url)
      .post('/preferences')
      .query({ token: signPreferencesToken(TEST_APP_SECRET, id) })
      .set('User-Agent', 'Erins-browser/1.0')
      .type('form')
      .send(`action=save&firstName=Erin&topic=${appealsId}`)
      .expect(200);
    expect(await rowsOf('topic_subscriptions', id)).toBeGreaterThan(0);
    expect(await rowsOf('soft_opt_ins', id)).toBe(1);
    const ledgerBefore = (await db.query(
      `SELECT id, kind FROM consent_events WHERE supporter_id = $1 ORDER BY id`,
      [id],
    )) as { id: string; kind: string }[];
    expect(ledgerBefore.map((row) => row.kind)).toEqual(expect.arrayContaining(['soft_opt_in']));

    await request(booted.url).delete(`/supporters/${id}`).set('Authorization', admin).expect(204);

    expect(await rowsOf('topic_subscriptions', id)).toBe(0);
    expect(await rowsOf('soft_opt_ins', id)).toBe(0);
    const ledgerAfter = (await db.query(
      `SELECT id, kind, wording, user_agent AS "userAgent", ip FROM consent_events WHERE supporter_id = $1 ORDER BY id`,
      [id],
    )) as { id: string; kind: string; wording: string | null; userAgent: string | null; ip: string | null }[];
    // Every earlier row is still there, then the erasure's own; none keeps the browser or address.
    expect(ledgerAfter.map((row) => row.id).slice(0, ledgerBefore.length)).toEqual(
      ledgerBefore.map((row) => row.id),
    );
    expect(ledgerAfter.at(-1)!.kind).toBe('erased');
    expect(ledgerAfter.filter((row) => row.userAgent !== null || row.ip !== null)).toEqual([]);
    expect(ledgerAfter).toContainEqual(expect.objectContaining({ kind: 'soft_opt_in', wording: NOTICE }));

    // Erasing again is harmless.
    await request(booted.url).delete(`/supporters/${id}`).set('Authorization', admin).expect(204);
    expect(await rowsOf('soft_opt_ins', id)).toBe(0);
  });
});
