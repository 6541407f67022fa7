import { spawn } from 'node:child_process';
import { type BootedApp, bootApp, TestEnvironment, waitFor } from '@crm/testing';
import request from 'supertest';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { buildOnce, compiled, REPO_ROOT } from '../support/compiled';
import { freePort } from '../support/free-port';

describe('GET /health, /metrics and /docs-json', () => {
  let env: TestEnvironment;
  let app: BootedApp;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    app = await bootApp(loadMailerConfig(env.env()), MailerModule.forRoot);
  });
  afterAll(async () => {
    await app.close();
    await env.destroy();
  });

  // First in the file: the app has not yet connected to Redis for a health check.
  it('answers 200 when PostgreSQL and Redis answer, also to checks arriving together', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => request(app.url).get('/health')));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses[0]!.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  // A process of its own: with Redis gone its queue workers cannot close cleanly, so it is killed.
  it('answers 503 naming Redis when Redis is unreachable', async () => {
    buildOnce();
    const port = await freePort();
    const child = spawn(process.execPath, [compiled('apps', 'mailer', 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        ...env.env({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
        MAILER_PORT: String(port),
      },
      stdio: 'ignore',
    });
    try {
      const response = await waitFor(
        async () => {
          const answer = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
          return answer?.status === 503 ? answer : null;
        },
        { timeoutMs: 20_000, intervalMs: 100, what: 'the mailer to answer /health' },
      );
      const body = (await response.json()) as { message: string; details: { error: unknown } };
      expect(body.message).toBe('Unavailable: redis');
      expect(body.details.error).toEqual({ redis: { status: 'down', message: 'Redis is not reachable' } });
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('serves Prometheus metrics and an OpenAPI document listing the routes', async () => {
    await request(app.url).get('/health').expect(200);
    const metrics = await request(app.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{app="mailer",method="GET",route="\/health",status="200"\} [1-9]/,
    );
    await request(app.url).get('/campaigns').expect(401);
    const refused = await request(app.url).get('/metrics').expect(200);
    expect(refused.text).toMatch(
      /http_request_duration_seconds_count\{app="mailer",method="GET",route="\/campaigns",status="401"\} [1-9]/,
    );
    const docs = await request(app.url).get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
  });

  describe('with METRICS_TOKEN', () => {
    const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
    let guarded: BootedApp;
    let production: BootedApp;

    beforeAll(async () => {
      guarded = await bootApp(loadMailerConfig(env.env({ METRICS_TOKEN })), MailerModule.forRoot);
      production = await bootApp(loadMailerConfig(env.env({ NODE_ENV: 'production' })), MailerModule.forRoot);
    });
    afterAll(async () => {
      await guarded?.close();
      await production?.close();
    });

    it('serves /metrics only to Authorization: Bearer <METRICS_TOKEN>', async () => {
      const refused = await request(guarded.url).get('/metrics').expect(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(refused.body.message).toContain('METRICS_TOKEN');
      await request(guarded.url)
        .get('/metrics')
        .set('Authorization', 'Bearer not-the-metrics-token')
        .expect(401);
      await request(guarded.url).get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
      const served = await request(guarded.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(served.text).toContain('http_request_duration_seconds');
    });

    it('does not serve /metrics in production when no token is set', async () => {
      const response = await request(production.url).get('/metrics').expect(404);
      expect(response.body.message).toContain('METRICS_TOKEN');
      await request(production.url).get('/health').expect(200);
    });
  });
});
