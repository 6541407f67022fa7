import { AuditEntry } from '@crm/entities';
import {
  mailerDispatchQueue,
  queueKeyPrefix,
  redisOptionsFromUrl,
  transactionalMailQueue,
} from '@crm/queues';
import {
  type BootedApp,
  bootApp,
  staffBearer,
  staffSession,
  TEST_REDIS_URL,
  TestEnvironment,
  type TestStaffSession,
} from '@crm/testing';
import { type Job, Queue, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ConsoleModule } from '../../apps/console/src/console.module';
import { loadConsoleConfig } from '../../apps/console/src/config/console.config';
import { mountApiProxy } from '../../apps/console/src/proxy/api-proxy';

/** The admins' queue dashboard (bull-board) inside the console, behind the console session. */
describe('console: queue board at /api/queues', () => {
  let env: TestEnvironment;
  let console_: BootedApp;
  let db: DataSource;
  let dispatch: Queue;
  let admin: TestStaffSession;
  let comms: TestStaffSession;

  /** A job of the dispatch queue that ran once and failed (no further attempts). */
  const failedJob = async (): Promise<Job> => {
    const job = await dispatch.add(
      'start-campaign',
      { campaignId: randomUUID() },
      { jobId: `start-${randomUUID()}`, attempts: 1 },
    );
    const worker = new Worker(
      mailerDispatchQueue.name,
      async () => {
        throw new Error('made to fail by the test');
      },
      { connection: redisOptionsFromUrl(TEST_REDIS_URL), prefix: queueKeyPrefix(env.queuePrefix) },
    );
    try {
      await new Promise<void>((resolve) => worker.on('failed', () => resolve()));
    } finally {
      await worker.close();
    }
    expect(await job.getState()).toBe('failed');
    return job;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    console_ = await bootApp(loadConsoleConfig(env.env()), ConsoleModule.forRoot, mountApiProxy);
    db = console_.app.get(DataSource);
    dispatch = new Queue(mailerDispatchQueue.name, {
      connection: redisOptionsFromUrl(TEST_REDIS_URL),
      prefix: queueKeyPrefix(env.queuePrefix),
    });
    admin = await staffSession(db, 'admin', { name: 'Ada Admin' });
    comms = await staffSession(db, 'comms');
  });
  afterAll(async () => {
    await dispatch?.close();
    await console_?.close();
    await env?.destroy();
  });

  it('shows the board to an admin (an HTML page) and gives its script the CSRF token in a cookie', async () => {
    const page = await request(console_.url).get('/api/queues').set('Cookie', admin.cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<base href="/api/queues/"');
    const cookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
    const xsrf = cookies.find((line) => line.startsWith('XSRF-TOKEN='));
    expect(xsrf).toBe(`XSRF-TOKEN=${admin.csrfToken}; Path=/api/queues; SameSite=Strict`);
    // No stylesheet or font from another site.
    expect(page.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.headers['content-security-policy']).not.toContain('https:');
    const asset = page.text.match(/src="(static\/js\/main[^"]+)"/)![1]!;
    await request(console_.url).get(`/api/queues/${asset}`).set('Cookie', admin.cookie).expect(200);
  });

  it('refuses a comms user (403) and anyone signed out (401), page and API alike', async () => {
    for (const path of ['/api/queues', '/api/queues/api/queues', '/api/queues/static/favicon-32x32.png']) {
      await request(console_.url).get(path).set('Cookie', comms.cookie).expect(403);
      await request(console_.url).get(path).expect(401);
    }
    const viewer = await staffBearer(db, 'viewer');
    await request(console_.url).get('/api/queues').set('Authorization', viewer).expect(403);
    const adminToken = await staffBearer(db, 'admin', 'board-script');
    await request(console_.url).get('/api/queues/api/queues').set('Authorization', adminToken).expect(200);
  });

  it('lists every queue, the mailer queues among them, with their job counts', async () => {
    await failedJob();
    const answer = await request(console_.url)
      .get('/api/queues/api/queues')
      .set('Cookie', admin.cookie)
      .expect(200);
    const queues = answer.body.queues as { name: string; counts: Record<string, number> }[];
    const names = queues.map((queue) => queue.name);
    expect(names).toEqual(expect.arrayContaining([mailerDispatchQueue.name, transactionalMailQueue.name]));
    expect(
      queues.find((queue) => queue.name === mailerDispatchQueue.name)!.counts.failed,
    ).toBeGreaterThanOrEqual(1);
  });

  it('retries a failed job for an admin with the CSRF token the page sends, and records it in the audit log', async () => {
    const job = await failedJob();
    const path = `/api/queues/api/queues/${mailerDispatchQueue.name}/${encodeURIComponent(job.id!)}/retry`;

    await request(console_.url).put(path).set('Cookie', admin.cookie).expect(403);
    await request(console_.url)
      .put(path)
      .set('Cookie', comms.cookie)
      .set('X-XSRF-TOKEN', comms.csrfToken)
      .expect(403);
    await request(console_.url).put(path).set('X-XSRF-TOKEN', admin.csrfToken).expect(401);
    expect(await job.getState()).toBe('failed');

    await request(console_.url)
      .put(path)
      .set('Cookie', admin.cookie)
      .set('X-XSRF-TOKEN', admin.csrfToken)
      .expect(204);
    expect(await job.getState()).toBe('waiting');
    const audit = await db.getRepository(AuditEntry).findOneByOrFail({ actorStaffUserId: admin.userId });
    expect(audit).toMatchObject({
      app: 'console',
      targetType: 'QueueBoard',
      targetId: `${mailerDispatchQueue.name}/${job.id}`,
      statusCode: 204,
    });

    // Waiting now, so not failed: only a failed job is retried here.
    const again = await request(console_.url)
      .put(path)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .expect(409);
    expect(again.body.code).toBe('job_not_failed');
  });

  it('answers 404 for an unknown queue or job, and does not route the board’s other writes', async () => {
    const write = (path: string) =>
      request(console_.url).put(path).set('Cookie', admin.cookie).set('X-CSRF-Token', admin.csrfToken);
    expect((await write('/api/queues/api/queues/no-such-queue/1/retry').expect(404)).body.code).toBe(
      'queue_not_found',
    );
    expect(
      (await write(`/api/queues/api/queues/${mailerDispatchQueue.name}/nope/retry`).expect(404)).body.code,
    ).toBe('job_not_found');
    await write(`/api/queues/api/queues/${mailerDispatchQueue.name}/empty`).expect(404);
    await write(`/api/queues/api/queues/${mailerDispatchQueue.name}/pause`).expect(404);
    await request(console_.url)
      .post(`/api/queues/api/queues/${mailerDispatchQueue.name}/add`)
      .set('Cookie', admin.cookie)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ name: 'start-campaign', data: {} })
      .expect(404);
    expect(await dispatch.isPaused()).toBe(false);
  });
});
