import { StaffTokens } from '@crm/auth';
import { AuditEntry, StaffSession, StaffUser } from '@crm/entities';
import { PlatformModule } from '@crm/platform';
import { type BootedApp, bootApp, staffBearer, staffSession, TestEnvironment } from '@crm/testing';
import { type DynamicModule, Module } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  loadSubscribersConfig,
  type SubscribersConfig,
} from '../../apps/subscribers/src/config/subscribers.config';
import { FixtureStaffController } from './fixture-staff.controller';

@Module({})
class FixtureAppModule {
  static forRoot(config: SubscribersConfig): DynamicModule {
    return {
      module: FixtureAppModule,
      imports: [PlatformModule.forApp(config)],
      controllers: [FixtureStaffController],
    };
  }
}

describe('staff authentication, roles, audit and validation', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), FixtureAppModule.forRoot);
    dataSource = booted.app.get(DataSource);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('refuses a request without a token with 401 in the common error shape', async () => {
    const response = await request(booted.url).get('/fixture').expect(401);
    expect(response.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.stringContaining('token'),
    });
  });

  it('refuses an unknown token and a revoked token with 401', async () => {
    await request(booted.url).get('/fixture').set('Authorization', 'Bearer crm_not-a-real-token').expect(401);
    const bearer = await staffBearer(dataSource, 'admin', 'soon-revoked');
    await request(booted.url).get('/fixture').set('Authorization', bearer).expect(200);
    expect(await new StaffTokens(dataSource).revoke('soon-revoked')).toBe(1);
    await request(booted.url).get('/fixture').set('Authorization', bearer).expect(401);
  });

  it('refuses a role without the permission with 403 and admits one with it', async () => {
    const fundraising = await staffBearer(dataSource, 'fundraising');
    await request(booted.url).get('/fixture').set('Authorization', fundraising).expect(200);
    await request(booted.url)
      .post('/fixture')
      .set('Authorization', fundraising)
      .send({ name: 'x' })
      .expect(403);
    const viewer = await staffBearer(dataSource, 'viewer');
    await request(booted.url).post('/fixture').set('Authorization', viewer).send({ name: 'x' }).expect(403);
  });

  it('writes an audit row naming who did what for a staff write', async () => {
    const comms = await staffBearer(dataSource, 'comms', 'alice-comms');
    await request(booted.url)
      .post('/fixture')
      .set('Authorization', comms)
      .send({ name: 'renamed' })
      .expect(201);
    const rows = await dataSource.getRepository(AuditEntry).findBy({ actorName: 'alice-comms' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      app: 'subscribers',
      action: 'POST /fixture',
      targetId: 'fixture-1',
      statusCode: 201,
    });
  });

  it('answers 400 naming an unknown body field, and writes no audit row', async () => {
    const comms = await staffBearer(dataSource, 'comms', 'bob-comms');
    const response = await request(booted.url)
      .post('/fixture')
      .set('Authorization', comms)
      .send({ name: 'ok', favouriteColour: 'blue' })
      .expect(400);
    expect(response.body.message).toContain('favouriteColour');
    expect(response.body.details).toEqual([
      { field: 'favouriteColour', messages: [expect.stringContaining('should not exist')] },
    ]);
    expect(await dataSource.getRepository(AuditEntry).countBy({ actorName: 'bob-comms' })).toBe(0);
  });

  it('answers 400, not 500, to malformed JSON', async () => {
    const comms = await staffBearer(dataSource, 'comms');
    const response = await request(booted.url)
      .post('/fixture')
      .set('Authorization', comms)
      .set('Content-Type', 'application/json')
      .send('{"name":')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
  });
});

describe('staff authentication with a console session', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), FixtureAppModule.forRoot);
    dataSource = booted.app.get(DataSource);
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  const setSession = (id: string, change: Record<string, unknown>) =>
    dataSource.getRepository(StaffSession).update(id, change);

  it('admits a live session to a read with no CSRF token, under the same role rules', async () => {
    const viewer = await staffSession(dataSource, 'viewer');
    await request(booted.url).get('/fixture').set('Cookie', viewer.cookie).expect(200);
    const fundraising = await staffSession(dataSource, 'fundraising');
    await request(booted.url).get('/fixture').set('Cookie', fundraising.cookie).expect(200);
  });

  it("refuses a write made with a session without the session's CSRF token with 403", async () => {
    const comms = await staffSession(dataSource, 'comms');
    const missing = await request(booted.url)
      .post('/fixture')
      .set('Cookie', comms.cookie)
      .send({ name: 'x' })
      .expect(403);
    expect(missing.body).toMatchObject({ statusCode: 403, code: 'CSRF_TOKEN_REQUIRED' });
    const other = await staffSession(dataSource, 'comms');
    await request(booted.url)
      .post('/fixture')
      .set('Cookie', comms.cookie)
      .set('X-CSRF-Token', other.csrfToken)
      .send({ name: 'x' })
      .expect(403);
  });

  it('admits a write with the CSRF token and audits it under the console user', async () => {
    const comms = await staffSession(dataSource, 'comms', { name: 'Carol Comms' });
    await request(booted.url)
      .post('/fixture')
      .set('Cookie', comms.cookie)
      .set('X-CSRF-Token', comms.csrfToken)
      .send({ name: 'renamed' })
      .expect(201);
    const rows = await dataSource.getRepository(AuditEntry).findBy({ actorStaffUserId: comms.userId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorName: 'Carol Comms', actorTokenId: null, action: 'POST /fixture' });
  });

  it('refuses a viewer session a write even with its CSRF token', async () => {
    const viewer = await staffSession(dataSource, 'viewer');
    await request(booted.url)
      .post('/fixture')
      .set('Cookie', viewer.cookie)
      .set('X-CSRF-Token', viewer.csrfToken)
      .send({ name: 'x' })
      .expect(403);
  });

  it.each([
    ['ended', { endedAt: new Date() }],
    ['idle for more than 12 hours', { lastSeenAt: new Date(Date.now() - 12 * 3600_000 - 60_000) }],
    ['past its 7 days', { expiresAt: new Date(Date.now() - 1000) }],
  ])('refuses a session that is %s with 401', async (_, change) => {
    const admin = await staffSession(dataSource, 'admin');
    await request(booted.url).get('/fixture').set('Cookie', admin.cookie).expect(200);
    await setSession(admin.sessionId, change);
    await request(booted.url).get('/fixture').set('Cookie', admin.cookie).expect(401);
  });

  it('admits a session used within 12 hours', async () => {
    const admin = await staffSession(dataSource, 'admin');
    await setSession(admin.sessionId, { lastSeenAt: new Date(Date.now() - 11 * 3600_000) });
    await request(booted.url).get('/fixture').set('Cookie', admin.cookie).expect(200);
  });

  it('refuses the session of a disabled user with 401', async () => {
    const admin = await staffSession(dataSource, 'admin');
    await dataSource.getRepository(StaffUser).update(admin.userId, { disabledAt: new Date() });
    await request(booted.url).get('/fixture').set('Cookie', admin.cookie).expect(401);
  });

  it('refuses an unknown session cookie with 401', async () => {
    await request(booted.url).get('/fixture').set('Cookie', 'crm_session=not-a-session').expect(401);
  });

  it('refuses a session that must still set up two-factor sign-in with 403', async () => {
    const admin = await staffSession(dataSource, 'admin', { mustSetUpTotp: true });
    const response = await request(booted.url).get('/fixture').set('Cookie', admin.cookie).expect(403);
    expect(response.body.code).toBe('TOTP_SETUP_REQUIRED');
  });

  it('lets a bearer token decide when both are sent (a script needs no CSRF token)', async () => {
    const viewer = await staffSession(dataSource, 'viewer');
    const comms = await staffBearer(dataSource, 'comms');
    await request(booted.url)
      .post('/fixture')
      .set('Cookie', viewer.cookie)
      .set('Authorization', comms)
      .send({ name: 'x' })
      .expect(201);
  });
});
