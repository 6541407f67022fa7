import { insertSupporterFacts, supporterFacts } from '../../../../libs/segments/src/testing/insert-facts';
import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

describe('GET /tags: tags in use, for autocomplete', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let viewer: string;

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    viewer = await staffBearer(booted.app.get(DataSource), 'viewer');
    const client = new Client({ connectionString: env.database.url });
    await client.connect();
    await insertSupporterFacts(client, [
      supporterFacts({ tags: ['volunteer', 'Gala 2025'] }),
      supporterFacts({ tags: ['volunteer'] }),
      supporterFacts({ tags: ['event-volunteer'] }),
      supporterFacts({ tags: [] }),
    ]);
    await client.end();
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  const tags = async (query: string) =>
    (await request(booted.url).get(`/tags${query}`).set('Authorization', viewer).expect(200)).body;

  it('lists each tag once with how many supporters carry it, most used first', async () => {
    expect(await tags('')).toEqual({
      items: [
        { tag: 'volunteer', supporters: 2 },
        { tag: 'event-volunteer', supporters: 1 },
        { tag: 'Gala 2025', supporters: 1 },
      ],
    });
  });

  it('matches any part in any case, tags starting with the text first', async () => {
    expect((await tags('?q=VOL')).items.map((item: { tag: string }) => item.tag)).toEqual([
      'volunteer',
      'event-volunteer',
    ]);
    expect((await tags('?q=gala')).items).toEqual([{ tag: 'Gala 2025', supporters: 1 }]);
    expect((await tags('?q=nothing-like-it')).items).toEqual([]);
    expect((await tags('?q=vol&limit=1')).items).toHaveLength(1);
  });

  it('refuses a bad limit naming it, and callers without a staff token', async () => {
    const { body } = await request(booted.url).get('/tags?limit=0').set('Authorization', viewer).expect(400);
    expect(JSON.stringify(body)).toContain('limit');
    await request(booted.url).get('/tags').expect(401);
  });
});
