import { StaffTokens } from '@crm/auth';
import { AuditEntry } from '@crm/entities';
import { PlatformModule } from '@crm/platform';
import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
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
