import { insertSupporterFacts, supporterFacts } from '../../../../libs/segments/src/testing/insert-facts';
import { QueueProducer, subscribersEventsQueue } from '@crm/queues';
import { type BootedApp, bootApp, staffBearer, TestEnvironment, waitFor } from '@crm/testing';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { get, type Server, type ServerResponse } from 'node:http';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

const VOLUNTEERS = { field: 'tags', op: 'contains', value: 'volunteer' };

describe('staff segments API', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let comms: string;
  let viewer: string;
  let fundraising: string;

  const as = (bearer: string) => ({
    get: (path: string) => request(booted.url).get(path).set('Authorization', bearer),
    post: (path: string, body: object) =>
      request(booted.url).post(path).set('Authorization', bearer).send(body),
    put: (path: string, body: object) =>
      request(booted.url).put(path).set('Authorization', bearer).send(body),
    delete: (path: string) => request(booted.url).delete(path).set('Authorization', bearer),
  });

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
    viewer = await staffBearer(db, 'viewer');
    fundraising = await staffBearer(db, 'fundraising');
    const client = new Client({ connectionString: env.database.url });
    await client.connect();
    const subscribed = { status: 'subscribed', confirmedAt: new Date('2026-01-01T00:00:00Z') };
    await insertSupporterFacts(client, [
      supporterFacts({ tags: ['volunteer'], subscription: subscribed, source: '=HYPERLINK("http://evil")' }),
      supporterFacts({ tags: ['volunteer'], subscription: subscribed, emailNormalised: 'gone@example.org' }),
      supporterFacts({ tags: ['volunteer'] }),
      supporterFacts({ tags: ['donor'], subscription: subscribed }),
    ]);
    await client.query(
      "INSERT INTO suppressions (email_normalised, reason) VALUES ('gone@example.org', 'bounce')",
    );
    await client.end();
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  describe('who may call it', () => {
    const id = randomUUID();
    const routes: [string, string][] = [
      ['get', '/segments'],
      ['post', '/segments'],
      ['get', '/segments/schema'],
      ['post', '/segments/preview'],
      ['get', `/segments/${id}`],
      ['put', `/segments/${id}`],
      ['delete', `/segments/${id}`],
      ['get', `/segments/${id}/members`],
      ['get', `/segments/${id}/members.csv`],
    ];

    it.each(routes)('%s %s refuses a missing or wrong token with 401', async (method, path) => {
      await request(booted.url)[method as 'get'](path).expect(401);
      await request(booted.url)[method as 'get'](path).set('Authorization', 'Bearer not-a-token').expect(401);
    });

    it.each(routes)(
      '%s %s refuses fundraising staff (no segments permission) with 403',
      async (method, path) => {
        await request(booted.url)[method as 'get'](path).set('Authorization', fundraising).expect(403);
      },
    );

    it('lets viewers read and preview but not write', async () => {
      await as(viewer).get('/segments').expect(200);
      await as(viewer).post('/segments/preview', { rules: VOLUNTEERS }).expect(200);
      await as(viewer).post('/segments', { name: 'Nope', rules: VOLUNTEERS }).expect(403);
    });
  });

  it('previews unsaved rules: count, mailable count and a sample', async () => {
    const { body } = await as(comms).post('/segments/preview', { rules: VOLUNTEERS }).expect(200);
    expect(body.count).toBe(3);
    // One volunteer is suppressed and one never subscribed.
    expect(body.mailable).toBe(1);
    expect(body.sample).toHaveLength(3);
    expect(body.sample[0]).toEqual(
      expect.objectContaining({ id: expect.any(String), tags: ['volunteer'], createdAt: expect.any(String) }),
    );
  });

  it('answers a bad rule with 400 naming the path of the bad node and what was expected', async () => {
    const rules = { all: [VOLUNTEERS, { not: VOLUNTEERS }, { field: 'tags', op: 'gt', value: 1 }] };
    const { body } = await as(comms).post('/segments/preview', { rules }).expect(400);
    expect(body.details).toEqual([
      { field: 'rules.all[2].op', messages: [expect.stringContaining('contains, any_of')] },
    ]);
    const unknownField = await as(comms)
      .post('/segments/preview', { rules: { any: [{ field: 'password', op: 'eq', value: 'x' }] } })
      .expect(400);
    expect(unknownField.body.message).toContain('rules.any[0].field: unknown field "password"');
    const unknownOperator = await as(comms)
      .post('/segments/preview', { rules: { field: 'tags', op: 'LIKE', value: 'x' } })
      .expect(400);
    expect(unknownOperator.body.message).toContain('unknown operator "LIKE"');
    await as(comms).post('/segments/preview', { rules: 'tags' }).expect(400);
    await as(comms).post('/segments/preview', {}).expect(400);
  });

  it('refuses a rule tree deeper than the limit with 400 instead of querying', async () => {
    let rules: object = VOLUNTEERS;
    for (let depth = 0; depth < 20; depth += 1) rules = { not: rules };
    const { body } = await as(comms).post('/segments/preview', { rules }).expect(400);
    expect(body.message).toContain('at most 8 levels');
  });

  it('treats SQL in values as plain data', async () => {
    const rules = { field: 'supporter.source', op: 'eq', value: "x' OR '1'='1'; DROP TABLE supporters; --" };
    const { body } = await as(comms).post('/segments/preview', { rules }).expect(200);
    expect(body.count).toBe(0);
    const intact = await as(comms).post('/segments/preview', { rules: VOLUNTEERS }).expect(200);
    expect(intact.body.count).toBe(3);
  });

  it('serves the rule language as JSON Schema', async () => {
    const { body } = await as(viewer).get('/segments/schema').expect(200);
    expect(body.$schema).toContain('json-schema.org');
    const fields = body.$defs.condition.oneOf.map(
      (entry: { properties: { field: { const: string } } }) => entry.properties.field.const,
    );
    expect(fields).toEqual(
      expect.arrayContaining(['subscription.status', 'donations.total', 'email.opened', 'campaign.received']),
    );
  });

  it('ships the four starter segments, which cannot be changed or deleted', async () => {
    const { body } = await as(viewer).get('/segments').expect(200);
    const builtins = body.items.filter((segment: { builtin: boolean }) => segment.builtin);
    expect(builtins.map((segment: { name: string }) => segment.name).sort()).toEqual([
      'Lapsed donors (LYBUNT)',
      'Major donors',
      'Monthly donors',
      'New subscribers (30 days)',
    ]);
    const monthly = builtins.find((segment: { name: string }) => segment.name === 'Monthly donors');
    await as(comms).delete(`/segments/${monthly.id}`).expect(409);
    await as(comms).put(`/segments/${monthly.id}`, { name: 'Mine now', rules: VOLUNTEERS }).expect(409);
    await as(comms).get(`/segments/${monthly.id}`).expect(200);
  });

  it('creates, reads, lists members page by page, updates and deletes a segment', async () => {
    const created = await as(comms)
      .post('/segments', { name: 'Volunteers', description: 'People who help', rules: VOLUNTEERS })
      .expect(201);
    const id = created.body.id as string;
    expect(created.body).toEqual(
      expect.objectContaining({ name: 'Volunteers', builtin: false, rules: VOLUNTEERS }),
    );
    await as(comms).post('/segments', { name: 'Volunteers', rules: VOLUNTEERS }).expect(409);

    const first = await as(viewer).get(`/segments/${id}/members?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await as(viewer)
      .get(`/segments/${id}/members?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ tags: ['volunteer'] })],
      nextCursor: null,
    });
    await as(viewer).get(`/segments/${id}/members?cursor=bogus`).expect(400);

    const donors = { field: 'tags', op: 'contains', value: 'donor' };
    const updated = await as(comms).put(`/segments/${id}`, { name: 'Donors', rules: donors }).expect(200);
    expect(updated.body).toEqual(
      expect.objectContaining({ name: 'Donors', description: null, rules: donors }),
    );
    const bad = await as(comms)
      .put(`/segments/${id}`, { name: 'Donors', rules: { all: [] } })
      .expect(400);
    expect(bad.body.details[0].field).toBe('rules.all');

    await as(comms).delete(`/segments/${id}`).expect(204);
    await as(viewer).get(`/segments/${id}`).expect(404);
    await as(viewer).get('/segments/not-a-uuid').expect(400);
  });

  it('refuses to delete a segment that a draft campaign targets, naming it', async () => {
    const created = await as(comms).post('/segments', { name: 'Audience', rules: VOLUNTEERS }).expect(201);
    await db.query(
      `INSERT INTO campaigns (name, subject, html, segment_id, status) VALUES ('Appeal', 'Hi', '<p>Hi</p>', $1, 'draft')`,
      [created.body.id],
    );
    const { body } = await as(comms).delete(`/segments/${created.body.id}`).expect(409);
    expect(body).toEqual(
      expect.objectContaining({
        code: 'segment_in_use',
        message: '“Appeal” (draft) uses this audience',
        details: [{ campaignName: 'Appeal', how: 'draft' }],
      }),
    );
  });

  it('refuses to delete an audience while the mailer says emails rely on it, and allows it once none do', async () => {
    const created = await as(comms).post('/segments', { name: 'June list', rules: VOLUNTEERS }).expect(201);
    const segmentId = created.body.id as string;
    const queue = booted.app.get<Queue>(getQueueToken(subscribersEventsQueue.name));
    const producer = new QueueProducer(subscribersEventsQueue, queue);
    const june = randomUUID();
    const weekly = randomUUID();
    const use = async (campaignId: string, campaignName: string, inUse: boolean, version: number) => {
      const jobId = `audience-use-${campaignId}-${version}`;
      await producer.add(
        'record-audience-use',
        { campaignId, campaignName, segmentId, inUse, version },
        { jobId },
      );
      await waitFor(async () => (await queue.getJob(jobId))?.isCompleted(), { what: jobId });
    };
    await use(june, 'June appeal', true, 1);
    await use(weekly, 'Weekly news', true, 1);
    await db.query(
      `INSERT INTO campaigns (id, name, subject, html, segment_id, status, scheduled_at)
       VALUES ($1, 'June appeal', 'Hi', '<p>Hi</p>', $3, 'scheduled', now() + interval '1 day'),
              ($2, 'Weekly news', 'Hi', '<p>Hi</p>', $3, 'scheduled', now() + interval '1 day')`,
      [june, weekly, segmentId],
    );
    await db.query(`UPDATE campaigns SET cron = '0 9 * * 1' WHERE id = $1`, [weekly]);

    const both = await as(comms).delete(`/segments/${segmentId}`).expect(409);
    expect(both.body.message).toBe(
      '“June appeal” (scheduled) and “Weekly news” (recurring) use this audience',
    );
    const listed = await as(viewer).get('/segments?limit=200').expect(200);
    expect(listed.body.items.find((item: { id: string }) => item.id === segmentId).usedBy).toEqual([
      { campaignName: 'June appeal', how: 'scheduled' },
      { campaignName: 'Weekly news', how: 'recurring' },
    ]);

    await use(weekly, 'Weekly news', false, 2);
    const one = await as(comms).delete(`/segments/${segmentId}`).expect(409);
    expect(one.body.message).toBe('“June appeal” (scheduled) uses this audience');
    // The mailer has stopped relying on it; its campaign row no longer decides.
    await use(june, 'June appeal', false, 2);
    await as(comms).delete(`/segments/${segmentId}`).expect(204);
  });

  it('lists each audience with its current size and how many can be emailed', async () => {
    const created = await as(comms)
      .post('/segments', { name: 'Sized volunteers', rules: VOLUNTEERS })
      .expect(201);
    const { body } = await as(viewer).get('/segments?limit=200').expect(200);
    const listed = body.items.find((item: { id: string }) => item.id === created.body.id);
    expect(listed.size).toEqual({ count: 3, mailable: 1, countedAt: expect.any(String) });
    expect(listed.usedBy).toEqual([]);
    const monthly = body.items.find((item: { name: string }) => item.name === 'Monthly donors');
    expect(monthly.size).toEqual(expect.objectContaining({ count: 0, mailable: 0 }));

    // A changed rule is counted afresh, not served from the remembered size.
    const donors = { field: 'tags', op: 'contains', value: 'donor' };
    await as(comms)
      .put(`/segments/${created.body.id}`, { name: 'Sized volunteers', rules: donors })
      .expect(200);
    const again = await as(viewer).get('/segments?limit=200').expect(200);
    expect(again.body.items.find((item: { id: string }) => item.id === created.body.id).size).toEqual(
      expect.objectContaining({ count: 1, mailable: 1 }),
    );
  });

  it('exports members as CSV with formula cells neutralised', async () => {
    const created = await as(comms)
      .post('/segments', { name: 'Volunteer export', rules: VOLUNTEERS })
      .expect(201);
    const response = await as(viewer).get(`/segments/${created.body.id}/members.csv`).expect(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe('id,first_name,last_name,email,source,tags,created_at');
    expect(lines).toHaveLength(4);
    expect(response.text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(response.text).not.toMatch(/,"=/);
  });
  it('gives the export its database connection back when the client goes away mid-download', async () => {
    // Far more CSV than the socket buffers hold, so the server has to wait for the client to read.
    await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name, tags)
       SELECT 'bulk' || n || '@example.org', 'bulk' || n || '@example.org', repeat('x', 1000), '{bulk}'
         FROM generate_series(1, 20000) n`,
    );
    const created = await as(comms)
      .post('/segments', { name: 'Bulk export', rules: { field: 'tags', op: 'contains', value: 'bulk' } })
      .expect(201);
    const exportSessions = async (): Promise<number> =>
      (
        (await db.query(
          `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'FETCH%'`,
        )) as { count: number }[]
      )[0]!.count;

    let serverSide: ServerResponse | undefined;
    const server = booted.app.getHttpServer() as Server;
    const capture = (_: unknown, response: ServerResponse) => (serverSide = response);
    server.on('request', capture);
    const download = get(`${booted.url}/segments/${created.body.id}/members.csv`, {
      headers: { Authorization: viewer },
    });
    download.on('response', (response) => response.once('data', () => response.pause()));
    // Destroyed while the server waits for the client to read on.
    await waitFor(async () => serverSide?.writableNeedDrain, { what: 'the export to fill the socket' });
    server.off('request', capture);
    expect(await exportSessions()).toBe(1);
    download.destroy();

    await waitFor(async () => (await exportSessions()) === 0, { what: 'the export connection released' });
  });
});
