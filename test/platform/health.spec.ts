import { type BootedApp, bootApp, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { loadMailerConfig } from '../../apps/mailer/src/config/mailer.config';
import { MailerModule } from '../../apps/mailer/src/mailer.module';
import { freePort } from '../support/free-port';

describe('GET /health, /metrics and /docs-json', () => {
  let env: TestEnvironment;
  const booted: BootedApp[] = [];

  beforeAll(async () => {
    env = await TestEnvironment.create();
  });
  afterAll(async () => {
    await Promise.all(booted.map((app) => app.close()));
    await env.destroy();
  });

  it('answers 200 when PostgreSQL and Redis answer', async () => {
    const app = await bootApp(loadMailerConfig(env.env()), MailerModule.forRoot);
    booted.push(app);
    const response = await request(app.url).get('/health').expect(200);
    expect(response.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers 503 naming Redis when Redis is unreachable', async () => {
    const closedPort = await freePort();
    const app = await bootApp(
      loadMailerConfig(env.env({ REDIS_URL: `redis://127.0.0.1:${closedPort}` })),
      MailerModule.forRoot,
    );
    booted.push(app);
    const response = await request(app.url).get('/health').expect(503);
    expect(response.body.message).toBe('Unavailable: redis');
    expect(response.body.details.error).toEqual({
      redis: { status: 'down', message: 'Redis is not reachable' },
    });
  });

  it('serves Prometheus metrics and an OpenAPI document listing the routes', async () => {
    const app = booted[0]!;
    await request(app.url).get('/health').expect(200);
    const metrics = await request(app.url).get('/metrics').expect(200);
    expect(metrics.text).toMatch(
      /http_request_duration_seconds_count\{app="mailer",method="GET",route="\/health",status="200"\} [1-9]/,
    );
    const docs = await request(app.url).get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/health', '/metrics']));
  });
});
