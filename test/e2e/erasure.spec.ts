import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { type BootedApp, bootApp, staffBearer, TestEnvironment, waitFor } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadDonationsConfig } from '../../apps/donations/src/config/donations.config';
import { DonationsModule } from '../../apps/donations/src/donations.module';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';
import { FakeProviders } from '../security/support/provider-env';

const EMAIL = 'Erin.Quillfeather@example.org';
const NORMALISED = EMAIL.toLowerCase();
const USER_AGENT = 'erasure-spec-browser/1.0';

/** Right to erasure across the three apps, then a subject access export that holds nothing personal. */
describe('GDPR erasure and export', () => {
  let env: TestEnvironment;
  let providers: FakeProviders;
  let apps: BootedApp[];
  let subscribers: BootedApp;
  let db: DataSource;
  let comms: string;
  let dir: string;
  let supporterId: string;

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    ((await db.query(sql, params)) as { count: number }[])[0]!.count;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'erasure-spec-'));
    env = await TestEnvironment.create();
    providers = await FakeProviders.start();
    const vars = env.env({ ...providers.env(), IMPORT_DIR: join(dir, 'uploads') });
    subscribers = await bootApp(loadSubscribersConfig(vars), SubscribersModule.forRoot);
    apps = [
      subscribers,
      await bootApp(loadDonationsConfig(vars), DonationsModule.forRoot),
      await bootApp(loadMailerConfig(vars), MailerModule.forRoot),
    ];
    db = subscribers.app.get(DataSource);
    comms = await staffBearer(db, 'comms');

    await request(subscribers.url)
      .post('/subscribe')
      .set('User-Agent', USER_AGENT)
      .send({ email: EMAIL, name: 'Erin Quillfeather', source: 'footer', consentText: 'Yes, send me news.' })
      .expect(202);
    supporterId = (
      (await db.query(`SELECT id FROM supporters WHERE email_normalised = $1`, [NORMALISED])) as {
        id: string;
      }[]
    )[0]!.id;
    await request(subscribers.url)
      .patch(`/supporters/${supporterId}`)
      .set('Authorization', comms)
      .send({
        tags: ['major-donor'],
        notes: 'Prefers phone calls',
        address: { lines: ['7 Inkwell Row'], town: 'Bath', postcode: 'BA1 1AA' },
        phone: '07911 123456',
        contactPreferences: {
          phone: { status: 'refused', basis: 'supporter_request', note: 'Erin asked on the phone' },
        },
      })
      .expect(200);
    await db.query(
      `INSERT INTO donations (supporter_id, email, donor_name, amount, currency, frequency, status, paid_at)
       VALUES ($1, $2, 'Erin Quillfeather', 5000, 'gbp', 'one_off', 'succeeded', now())`,
      [supporterId, EMAIL],
    );
    await db.query(
      `INSERT INTO gift_aid_declarations (supporter_id, first_name, last_name, house_name_or_number, postcode, wording_version, declared_at)
       VALUES ($1, 'Erin', 'Quillfeather', '1', 'N1 1AA', 'v1', now())`,
      [supporterId],
    );
    await waitFor(
      () =>
        count(`SELECT count(*)::int AS count FROM transactional_messages WHERE supporter_id = $1`, [
          supporterId,
        ]),
      {
        what: 'the confirmation email to be on record',
      },
    );
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await providers.stop();
    await env.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('exports everything held before erasure', async () => {
    await request(subscribers.url)
      .post(`/supporters/${supporterId}/fps-requests`)
      .set('Authorization', comms)
      .send({ reference: 'FPS-000777', receivedOn: '2026-11-30', channels: ['post'] })
      .expect(200);
    await db.query(
      `INSERT INTO email_events (provider_event_id, type, supporter_id, occurred_at, payload)
       VALUES ('evt-erin-open', 'open', $1, now(), '{"ip": "198.51.100.7", "useragent": "MailReader/1.0"}')`,
      [supporterId],
    );
    await db.query(
      `INSERT INTO suppressions (email_normalised, reason, source) VALUES ($1, 'manual', 'staff')`,
      [NORMALISED],
    );
    const { body } = await request(subscribers.url)
      .get(`/supporters/${supporterId}/export`)
      .set('Authorization', comms)
      .expect(200);
    expect(body.supporter).toMatchObject({
      email: EMAIL,
      firstName: 'Erin',
      lastName: 'Quillfeather',
      tags: ['major-donor'],
    });
    expect(body.consentLedger).toEqual([
      expect.objectContaining({ kind: 'requested', userAgent: USER_AGENT, wording: 'Yes, send me news.' }),
    ]);
    expect(body.donations).toEqual([expect.objectContaining({ amount: 5000, email: EMAIL })]);
    expect(body.giftAidDeclarations).toHaveLength(1);
    expect(body.contactPreferences.fpsRequests).toEqual([
      expect.objectContaining({ reference: 'FPS-000777', channels: ['post'] }),
    ]);
    expect(body.supporter.address).toMatchObject({ postcode: 'BA1 1AA' });
    expect(body.emails.transactional).toEqual([
      expect.objectContaining({ template: 'confirm-subscription' }),
    ]);
    expect(body.emails.events).toEqual([
      expect.objectContaining({ type: 'open', payload: { ip: '198.51.100.7', useragent: 'MailReader/1.0' } }),
    ]);
    expect(body.emails.suppressions).toEqual([
      expect.objectContaining({ reason: 'manual', source: 'staff' }),
    ]);
  });

  it('erases: personal data gone in all three apps, tombstone kept, ledger row appended, audited', async () => {
    await request(subscribers.url)
      .delete(`/supporters/${supporterId}`)
      .set('Authorization', comms)
      .expect(204);

    await waitFor(
      () =>
        count(`SELECT count(*)::int AS count FROM donations WHERE supporter_id = $1 AND email IS NULL`, [
          supporterId,
        ]),
      {
        what: 'the donations app to forget the donor',
      },
    );
    const { body } = await request(subscribers.url)
      .get(`/supporters/${supporterId}/export`)
      .set('Authorization', comms)
      .expect(200);
    const { giftAidDeclarations, ...everythingElse } = body as Record<string, unknown>;
    const text = JSON.stringify(everythingElse).toLowerCase();
    for (const personal of [
      NORMALISED,
      'erin',
      'quillfeather',
      'prefers phone',
      'major-donor',
      'inkwell row',
      'ba1 1aa',
      '+447911123456',
      USER_AGENT.toLowerCase(),
      '127.0.0.1',
    ]) {
      expect(text).not.toContain(personal);
    }
    expect(body.supporter).toMatchObject({
      email: null,
      firstName: null,
      lastName: null,
      erasedAt: expect.any(String),
    });
    expect(body.subscription).toMatchObject({ status: 'unsubscribed' });
    expect(body.consentLedger.map((event: { kind: string }) => event.kind)).toEqual(['requested', 'erased']);
    expect(body.donations).toEqual([
      expect.objectContaining({ amount: 5000, email: null, donor_name: null }),
    ]);
    // HMRC requires Gift Aid declarations to be kept for six years.
    expect(giftAidDeclarations).toHaveLength(1);

    const hash = createHash('sha256').update(NORMALISED).digest('hex');
    expect(
      await count(`SELECT count(*)::int AS count FROM erased_emails WHERE email_hash = $1`, [hash]),
    ).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int AS count FROM audit_log WHERE action LIKE 'DELETE %' AND target_id = $1`,
        [supporterId],
      ),
    ).toBe(1);
    await request(subscribers.url)
      .get(`/supporters?q=erin`)
      .set('Authorization', comms)
      .expect(200, { items: [], nextCursor: null });
  });

  it('answers a repeated erasure with 204 and an unknown or malformed id with 404 / 400; a viewer may not erase', async () => {
    await request(subscribers.url)
      .delete(`/supporters/${supporterId}`)
      .set('Authorization', comms)
      .expect(204);
    await request(subscribers.url)
      .delete(`/supporters/${randomUUID()}`)
      .set('Authorization', comms)
      .expect(404);
    await request(subscribers.url).delete('/supporters/123').set('Authorization', comms).expect(400);
    await request(subscribers.url)
      .delete(`/supporters/${supporterId}`)
      .set('Authorization', await staffBearer(db, 'viewer'))
      .expect(403);
  });

  /** Imports an old list with consent evidence dated 2024, before the erasure; its progress when done. */
  const importOldList = async (name: string, rows: string): Promise<Record<string, unknown>> => {
    const path = join(dir, name);
    await writeFile(path, `email,first_name,last_name,tags,optin_time\n${rows}`);
    const { body } = await request(subscribers.url)
      .post('/supporters/import')
      .set('Authorization', comms)
      .field('consentSource', 'old-list')
      .attach('file', path)
      .expect(202);
    return waitFor(async () => {
      const progress = await request(subscribers.url).get(`/imports/${body.id}`).set('Authorization', comms);
      return progress.body.status === 'completed' ? progress.body : null;
    });
  };

  it('does not bring the person back through a re-import, even one with consent evidence', async () => {
    const result = await importOldList(
      'reimport.csv',
      `${EMAIL},Erin,Quillfeather,,2024-01-01T00:00:00Z\nnew@example.org,New,Person,,2024-01-01T00:00:00Z\n`,
    );
    expect(result).toMatchObject({ rowsImported: 1, rowsSkipped: 1, rowsFailed: 0 });
    expect(
      await count(`SELECT count(*)::int AS count FROM supporters WHERE email_normalised = $1`, [NORMALISED]),
    ).toBe(0);
  });

  it('does not subscribe them on a later donation nor through an older list after it, and a later sign-up is a fresh opt-in', async () => {
    const queue = subscribers.app.get<Queue>(getQueueToken(subscribersEventsQueue.name));
    await new QueueProducer(subscribersEventsQueue, queue).add(
      'record-donor',
      { email: EMAIL, name: 'Erin Quillfeather', donationId: randomUUID() },
      { jobId: 'donor-after-erasure' },
    );
    const donor = await waitFor(
      async () =>
        (
          (await db.query(`SELECT id FROM supporters WHERE email_normalised = $1`, [NORMALISED])) as {
            id: string;
          }[]
        )[0],
      { what: 'the donor to be recorded' },
    );
    expect(donor.id).not.toBe(supporterId);
    expect(
      await count(`SELECT count(*)::int AS count FROM newsletter_subscriptions WHERE supporter_id = $1`, [
        donor.id,
      ]),
    ).toBe(0);
    // Consent an old list dates before the erasure was withdrawn by it, though the person came back.
    await importOldList('after-return.csv', `${EMAIL},Erin,Quillfeather,,2024-01-01T00:00:00Z\n`);
    expect(
      await count(`SELECT count(*)::int AS count FROM newsletter_subscriptions WHERE supporter_id = $1`, [
        donor.id,
      ]),
    ).toBe(0);

    await request(subscribers.url)
      .post('/subscribe')
      .send({ email: EMAIL, consentText: 'Yes, send me news.' })
      .expect(202);
    const [subscription] = (await db.query(
      `SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`,
      [donor.id],
    )) as {
      status: string;
    }[];
    expect(subscription).toEqual({ status: 'pending' });
  });

  it('withdraws at a second erasure the consent given since the first; consent given after the latest counts', async () => {
    const comeBack = async (jobId: string): Promise<string> => {
      const queue = subscribers.app.get<Queue>(getQueueToken(subscribersEventsQueue.name));
      await new QueueProducer(subscribersEventsQueue, queue).add(
        'record-donor',
        { email: EMAIL, name: 'Erin Quillfeather', donationId: randomUUID() },
        { jobId },
      );
      return waitFor(
        async () =>
          (
            (await db.query(`SELECT id FROM supporters WHERE email_normalised = $1`, [NORMALISED])) as {
              id: string;
            }[]
          )[0]?.id,
        { what: `${jobId} to be recorded` },
      );
    };
    const subscriptions = (id: string) =>
      db.query(`SELECT status FROM newsletter_subscriptions WHERE supporter_id = $1`, [id]) as Promise<
        { status: string }[]
      >;
    const returned = await comeBack('donor-after-erasure');
    const betweenErasures = new Date();
    await request(subscribers.url).delete(`/supporters/${returned}`).set('Authorization', comms).expect(204);
    const again = await comeBack('donor-after-second-erasure');
    expect(again).not.toBe(returned);

    await importOldList('between.csv', `${EMAIL},Erin,Quillfeather,,${betweenErasures.toISOString()}\n`);
    expect(await subscriptions(again)).toEqual([]);
    await importOldList('after.csv', `${EMAIL},Erin,Quillfeather,,${new Date().toISOString()}\n`);
    expect(await subscriptions(again)).toEqual([{ status: 'subscribed' }]);
  });
});
