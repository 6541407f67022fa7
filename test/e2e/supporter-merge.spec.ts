import { type BootedApp, bootApp, staffBearer, TestEnvironment, waitFor } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../apps/donations/src/donations.module';
import { SupporterMergeService as DonationsMerge } from '../../apps/donations/src/supporter-merge/supporter-merge.service';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';
import { FakeProviders } from '../security/support/provider-env';

const ADDRESS = { lines: ['12 Marsh Lane'], town: 'Bristol', postcode: 'BS1 4DJ' };

/** Duplicates suggested, merged, and every gift, declaration, consent and email row kept, across the three apps. */
describe('duplicate supporters: suggestions and merge', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let apps: BootedApp[];
  let subscribers: BootedApp;
  let donations: BootedApp;
  let db: DataSource;
  let comms: string;

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    ((await db.query(sql, params)) as { count: number }[])[0]?.count ?? 0;
  const staff = (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
    request(subscribers.url)[method](path).set('Authorization', comms);
  const idOf = async (email: string): Promise<string> =>
    (
      (await db.query(`SELECT id FROM supporters WHERE email_normalised = $1`, [email])) as { id: string }[]
    )[0]!.id;

  /** A sign-up through the public form (consent events, a confirmation email), then an address and phone. */
  const signUp = async (email: string, tags: string[]): Promise<string> => {
    await request(subscribers.url)
      .post('/subscribe')
      .send({ email, name: 'Ada Lovelace', consentText: 'Yes, send me news.' })
      .expect(202);
    const id = await idOf(email);
    await staff('patch', `/supporters/${id}`)
      .send({ address: ADDRESS, phone: '07911 123456', tags })
      .expect(200);
    await waitFor(
      () => count(`SELECT count(*)::int AS count FROM transactional_messages WHERE supporter_id = $1`, [id]),
      { what: `the confirmation email to ${email}` },
    );
    return id;
  };
  const gift = (supporterId: string, amount: number) =>
    db.query(
      `INSERT INTO donations (supporter_id, email, donor_name, amount, currency, frequency, status, paid_at)
       VALUES ($1, 'x@example.org', 'Ada Lovelace', $2, 'gbp', 'one_off', 'succeeded', now())`,
      [supporterId, amount],
    );

  beforeAll(async () => {
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    const vars = env.env(providers.env());
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    donations = await bootApp(loadDonationsConfig(vars), DonationsModule.forRoot);
    apps = [subscribers, donations, await bootApp(loadMailerConfig(vars), MailerModule.forRoot)];
    db = subscribers.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await providers.stop();
    await env.destroy();
  });

  it('suggests the pair, and a merge keeps every gift, declaration, consent row, email and tag on the kept record', async () => {
    const kept = await signUp('ada@example.org', ['volunteer']);
    const other = await signUp('ada.lovelace@work.example', ['donor']);
    await gift(kept, 1000);
    await gift(other, 2500);
    await gift(other, 4000);
    await db.query(
      `INSERT INTO gift_aid_declarations (supporter_id, first_name, last_name, house_name_or_number, postcode, wording_version, declared_at)
       VALUES ($1, 'Ada', 'Lovelace', '12', 'BS1 4DJ', 'v1', now())`,
      [other],
    );
    await db.query(
      `INSERT INTO email_events (provider_event_id, type, supporter_id, occurred_at) VALUES ('evt-merge-open', 'open', $1, now())`,
      [other],
    );
    await staff('post', `/supporters/${other}/fps-requests`)
      .send({ reference: 'FPS-MERGE-1', receivedOn: '2026-11-30', channels: ['post'] })
      .expect(200);
    const consentRows = await count(
      `SELECT count(*)::int AS count FROM consent_events WHERE supporter_id = ANY($1)`,
      [[kept, other]],
    );

    const suggested = await staff('get', '/supporters/duplicates').expect(200);
    expect(suggested.body.items).toEqual([
      {
        reasons: ['name_and_phone', 'name_and_postcode'],
        supporters: [
          expect.objectContaining({ id: kept, postcode: 'BS1 4DJ', phone: '+447911123456' }),
          expect.objectContaining({ id: other }),
        ],
      },
    ]);

    const merged = await staff('post', `/supporters/${kept}/merge`).send({ otherId: other }).expect(200);

    expect(merged.body.tags).toEqual(['donor', 'volunteer']);
    expect(merged.body.consentHistory).toHaveLength(consentRows);
    expect(merged.body.contactPreferences.fpsRequests).toEqual([
      expect.objectContaining({ reference: 'FPS-MERGE-1' }),
    ]);
    expect(merged.body.contactPreferences.channels).toContainEqual(
      expect.objectContaining({ channel: 'post', status: 'refused', contactable: false }),
    );
    // The donations app moves the gifts and the declaration through its queue; the mailer the email history.
    await waitFor(
      () =>
        count(`SELECT count(*)::int AS count FROM donations WHERE supporter_id = $1 HAVING count(*) = 3`, [
          kept,
        ]),
      {
        what: 'the gifts to move to the kept record',
      },
    );
    await waitFor(
      () => count(`SELECT count(*)::int AS count FROM email_events WHERE supporter_id = $1`, [kept]),
      { what: 'the email events to move' },
    );
    await waitFor(
      () =>
        count(
          `SELECT count(*)::int AS count FROM transactional_messages WHERE supporter_id = $1 HAVING count(*) = 2`,
          [kept],
        ),
      { what: 'the transactional messages to move' },
    );
    expect(await count(`SELECT count(*)::int AS count FROM donations WHERE supporter_id = $1`, [other])).toBe(
      0,
    );
    await waitFor(
      () => count(`SELECT count(*)::int AS count FROM gift_aid_declarations WHERE supporter_id = $1`, [kept]),
      { what: 'the declaration to move' },
    );
    const profile = await staff('get', `/supporters/${kept}`).expect(200);
    expect(profile.body.donations.totals).toEqual([{ currency: 'gbp', amount: 7500, count: 3 }]);
    // The duplicate is a pointer, in no list, no audience, no duplicate suggestion.
    const shell = await staff('get', `/supporters/${other}`).expect(200);
    expect(shell.body).toMatchObject({ mergedIntoId: kept, email: null, address: null, tags: [] });
    expect((await staff('get', '/supporters/duplicates').expect(200)).body.items).toEqual([]);
    const edit = await staff('patch', `/supporters/${other}`).send({ notes: 'late note' }).expect(409);
    expect(edit.body.code).toBe('supporter_merged');
    const audience = await staff('post', '/segments/preview')
      .send({ rules: { field: 'donations.count', op: 'gte', value: 1 } })
      .expect(200);
    expect(audience.body.sample.map((member: { id: string }) => member.id)).toEqual([kept]);
    // Recorded in the audit log against the kept record.
    expect(
      await count(
        `SELECT count(*)::int AS count FROM audit_log WHERE action = 'POST /supporters/:id/merge' AND target_id = $1`,
        [kept],
      ),
    ).toBe(1);

    // Asked again, and its job run again: nothing moves twice, nothing is lost.
    await staff('post', `/supporters/${kept}/merge`).send({ otherId: other }).expect(200);
    await donations.app.get(DonationsMerge).merge(kept, other);
    expect(await count(`SELECT count(*)::int AS count FROM donations WHERE supporter_id = $1`, [kept])).toBe(
      3,
    );
    expect(
      await count(`SELECT count(*)::int AS count FROM consent_events WHERE supporter_id = $1`, [kept]),
    ).toBe(consentRows);
  });

  it('never merges across an erasure tombstone, nor a record into itself', async () => {
    const live = await signUp('grace@example.org', []);
    const erased = await signUp('grace.h@example.org', []);
    await staff('delete', `/supporters/${erased}`).expect((response) =>
      expect(response.status).toBeLessThan(300),
    );

    const across = await staff('post', `/supporters/${live}/merge`).send({ otherId: erased }).expect(409);
    expect(across.body.code).toBe('merge_across_erasure');
    await staff('post', `/supporters/${erased}/merge`).send({ otherId: live }).expect(409);
    const itself = await staff('post', `/supporters/${live}/merge`).send({ otherId: live }).expect(400);
    expect(itself.body.message).toContain('otherId');
    await staff('post', `/supporters/${live}/merge`).send({ otherId: 'not-a-uuid' }).expect(400);
    expect((await staff('get', `/supporters/${live}`).expect(200)).body.mergedIntoId).toBeNull();
  });
});
