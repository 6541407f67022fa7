import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('subscribers dashboard', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  const supporter = async (email: string | null, erased = false): Promise<string> =>
    (
      (await db.query(
        `INSERT INTO supporters (email, email_normalised, erased_at) VALUES ($1, $1, $2) RETURNING id`,
        [email, erased ? new Date() : null],
      )) as { id: string }[]
    )[0]!.id;
  const subscription = (id: string, status: string, confirmedDaysAgo: number | null) =>
    db.query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at)
       VALUES ($1, $2, CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END)`,
      [id, status, confirmedDaysAgo],
    );
  const failedImport = (name: string, daysAgo: number, status = 'failed') =>
    db.query(
      `INSERT INTO supporter_imports (status, file_path, original_name, created_at, finished_at)
       VALUES ($1, '/gone', $2, now() - make_interval(days => $3), now() - make_interval(days => $3))`,
      [status, name, daysAgo],
    );

  it('counts supporters, confirmed subscribers of the last 30 days and recent failed imports, for a viewer', async () => {
    await subscription(await supporter('new@example.org'), 'subscribed', 2);
    await subscription(await supporter('recent@example.org'), 'subscribed', 29);
    await subscription(await supporter('old@example.org'), 'subscribed', 45);
    await subscription(await supporter('pending@example.org'), 'pending', null);
    await subscription(await supporter('left@example.org'), 'unsubscribed', 3);
    await supporter('contact@example.org');
    await supporter(null, true);
    await failedImport('broken.csv', 1);
    await failedImport('older.csv', 10);
    await failedImport('ancient.csv', 60);
    await failedImport('fine.csv', 1, 'completed');

    const { body } = await request(booted.url)
      .get('/dashboard')
      .set('Authorization', await staffBearer(db, 'viewer'))
      .expect(200);

    expect(body).toEqual({
      supporters: { total: 6, subscribed: 3 },
      newSubscribers: { days: 30, count: 2 },
      failedImports: {
        days: 30,
        count: 2,
        recent: [
          expect.objectContaining({ fileName: 'broken.csv', createdAt: expect.any(String) }),
          expect.objectContaining({ fileName: 'older.csv' }),
        ],
      },
    });
    await request(booted.url).get('/dashboard').expect(401);
  });
});
