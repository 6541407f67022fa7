import { renderSql } from '@crm/sql';
import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';
import { supporterSearchQuery } from './supporters.queries';

describe('staff supporters: search, profile and edits', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let comms: string;
  let viewer: string;
  let ada: string;

  const seed = async (
    email: string,
    first: string,
    last: string,
    tags: string[],
    status: string | null,
    createdAt: string,
  ) => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name, tags, created_at)
       VALUES ($1, lower($1), $2, $3, $4, $5) RETURNING id`,
      [email, first, last, tags, createdAt],
    )) as { id: string }[];
    if (status)
      await db.query(`INSERT INTO newsletter_subscriptions (supporter_id, status) VALUES ($1, $2)`, [
        id,
        status,
      ]);
    return id;
  };
  const get = (path: string, bearer = viewer) => request(booted.url).get(path).set('Authorization', bearer);

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
    viewer = await staffBearer(db, 'viewer');
    ada = await seed(
      'Ada@example.org',
      'Ada',
      'Lovelace',
      ['volunteer'],
      'subscribed',
      '2026-01-01T00:00:00Z',
    );
    await seed('alan@example.org', 'Alan', 'Turing', [], 'unsubscribed', '2026-01-02T00:00:00Z');
    await seed('grace@example.org', 'Grace', 'Hopper', ['volunteer', 'donor'], null, '2026-01-03T00:00:00Z');
    await seed('mary@example.org', 'Mary', 'Lovelace', [], 'pending', '2026-01-04T00:00:00Z');
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  const emailsFound = async (q: string, filters = ''): Promise<string[]> =>
    (await get(`/supporters?q=${encodeURIComponent(q)}${filters}`).expect(200)).body.items.map(
      (item: { email: string }) => item.email,
    );

  it('searches by email prefix and by name prefix, case-insensitively', async () => {
    expect(await emailsFound('AL')).toEqual(['alan@example.org']);
    expect(await emailsFound('love')).toEqual(['mary@example.org', 'Ada@example.org']);
    expect(await emailsFound('%%')).toEqual([]);
  });

  it('finds a full name across first and last name, and any part of an email address', async () => {
    expect(await emailsFound('  ada   LOVELACE ')).toEqual(['Ada@example.org']);
    expect(await emailsFound('ace')).toEqual(['mary@example.org', 'grace@example.org', 'Ada@example.org']);
    expect(await emailsFound('example.ORG')).toEqual([
      'mary@example.org',
      'grace@example.org',
      'alan@example.org',
      'Ada@example.org',
    ]);
    expect(await emailsFound('ce@exa')).toEqual(['grace@example.org']);
    expect(await emailsFound('Lovelace Ada')).toEqual([]);
    expect(await emailsFound('zzqx nobody')).toEqual([]);
    // Two characters: the start of the email, the full name or the last name, never the middle.
    expect(await emailsFound('ho')).toEqual(['grace@example.org']);
    expect(await emailsFound('ry')).toEqual([]);
    // LIKE's wildcards are literal text.
    expect(await emailsFound('a_a')).toEqual([]);
    expect(await emailsFound('%ace%')).toEqual([]);
  });

  it('combines the search with the tag and status filters', async () => {
    expect(await emailsFound('lovelace', '&status=subscribed')).toEqual(['Ada@example.org']);
    expect(await emailsFound('example', '&tag=volunteer')).toEqual(['grace@example.org', 'Ada@example.org']);
    expect(await emailsFound('example', '&tag=volunteer&status=none')).toEqual(['grace@example.org']);
    expect(await emailsFound('hopper', '&status=subscribed')).toEqual([]);
  });

  it('pages a search with the cursor', async () => {
    const first = await get('/supporters?q=example.org&limit=3').expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await get(`/supporters?q=example.org&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ email: 'Ada@example.org' })],
      nextCursor: null,
    });
  });

  it('refuses a search of fewer than two characters other than spaces, naming q', async () => {
    for (const q of ['a', ' a ', '   ']) {
      const response = await get(`/supporters?q=${encodeURIComponent(q)}`).expect(400);
      expect(response.body.message).toContain('q must hold at least 2 characters');
    }
  });

  it('filters by tag and by subscription status', async () => {
    const tagged = await get('/supporters?tag=volunteer').expect(200);
    expect(tagged.body.items.map((item: { firstName: string }) => item.firstName)).toEqual(['Grace', 'Ada']);
    const subscribed = await get('/supporters?status=subscribed').expect(200);
    expect(subscribed.body.items).toEqual([
      {
        id: ada,
        email: 'Ada@example.org',
        firstName: 'Ada',
        lastName: 'Lovelace',
        tags: ['volunteer'],
        source: null,
        subscriptionStatus: 'subscribed',
        deceased: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    const none = await get('/supporters?status=none').expect(200);
    expect(none.body.items.map((item: { firstName: string }) => item.firstName)).toEqual(['Grace']);
  });

  it('pages with an opaque cursor, newest first, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await get(
        `/supporters?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...page.body.items.map((item: { firstName: string }) => item.firstName));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Mary', 'Grace', 'Alan', 'Ada']);
  });

  it('pages through supporters added by one statement (an import batch), who share one created_at to the microsecond', async () => {
    const batch = (await db.query(
      `INSERT INTO supporters (email, email_normalised, tags, created_at)
       SELECT 'batch' || n || '@example.org', 'batch' || n || '@example.org', '{batch}', '2026-02-01T10:00:00.123456Z'
         FROM generate_series(1, 5) n RETURNING id`,
    )) as { id: string }[];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await get(
        `/supporters?tag=batch&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(batch.map((row) => row.id).sort());
  });

  it('refuses a cursor whose time is not one this API issues', async () => {
    const forged = Buffer.from(JSON.stringify({ at: '2026', id: ada })).toString('base64url');
    const response = await get(`/supporters?cursor=${forged}`).expect(400);
    expect(response.body.message).toContain('cursor');
  });

  it.each([
    ['/supporters?cursor=garbage', 'cursor'],
    ['/supporters?limit=0', 'limit'],
    ['/supporters?status=happy', 'status'],
    ['/supporters?colour=blue', 'colour'],
    ['/supporters/not-a-uuid', 'id: must be a UUID'],
    ['/supporters?q=%00', 'q'],
    ['/supporters?tag=a%00b', 'tag'],
  ])('answers 400 naming the field for %s', async (path, field) => {
    const response = await get(path).expect(400);
    expect(response.body.message).toContain(field);
  });

  it('answers 404 for an unknown supporter', async () => {
    await get(`/supporters/${randomUUID()}`).expect(404);
    await request(booted.url)
      .patch(`/supporters/${randomUUID()}`)
      .set('Authorization', comms)
      .send({ notes: 'x' })
      .expect(404);
  });

  it('shows the profile with giving, monthly gift, subscription, consent history and emails received', async () => {
    const paid = (amount: number, refunded: number, paidAt: string) =>
      db.query(
        `INSERT INTO donations (supporter_id, amount, refunded_amount, currency, frequency, status, paid_at)
         VALUES ($1, $2, $3, 'gbp', 'one_off', $4, $5) RETURNING id`,
        [ada, amount, refunded, refunded > 0 ? 'partially_refunded' : 'succeeded', paidAt],
      );
    const [{ id: firstGift }] = (await paid(2500, 0, '2026-02-01T00:00:00Z')) as { id: string }[];
    await paid(1000, 400, '2026-03-01T00:00:00Z');
    await db.query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status) VALUES ($1, 9999, 'gbp', 'one_off', 'failed')`,
      [ada],
    );
    // Refunded in full: like segments, the profile counts it nowhere, not even as the last gift.
    await db.query(
      `INSERT INTO donations (supporter_id, amount, refunded_amount, currency, frequency, status, paid_at)
       VALUES ($1, 7000, 7000, 'gbp', 'one_off', 'refunded', '2026-04-01T00:00:00Z')`,
      [ada],
    );
    await db.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, supporter_id, amount, currency, status)
       VALUES ('sub_1', $1, 500, 'gbp', 'active')`,
      [ada],
    );
    await db.query(
      `INSERT INTO consent_events (supporter_id, kind, source) VALUES ($1, 'confirmed', 'confirmation-link')`,
      [ada],
    );
    await db.query(
      `INSERT INTO transactional_messages (template, reference, supporter_id, status, sent_at)
       VALUES ('welcome', $1::text, $1::uuid, 'sent', now() - interval '1 day')`,
      [ada],
    );
    // The receipt was asked for before the donation was linked to Ada: it names no supporter.
    await db.query(
      `INSERT INTO transactional_messages (template, reference, status, sent_at)
       VALUES ('donation-receipt', $1, 'sent', now())`,
      [firstGift],
    );

    const { body } = await get(`/supporters/${ada}`).expect(200);
    expect(body).toMatchObject({
      id: ada,
      email: 'Ada@example.org',
      subscription: { status: 'subscribed' },
      donations: {
        totals: [{ currency: 'gbp', amount: 3100, count: 2 }],
        lastGift: { amount: 1000, currency: 'gbp', paidAt: '2026-03-01T00:00:00.000Z' },
        monthlyGifts: [{ status: 'active', amount: 500, currency: 'gbp' }],
      },
      consentHistory: [{ kind: 'confirmed', source: 'confirmation-link' }],
      emailsReceived: [
        { kind: 'transactional', name: 'donation-receipt', status: 'sent' },
        { kind: 'transactional', name: 'welcome', status: 'sent' },
      ],
    });
  });

  it('lists the gifts and numbers each consent wording by when the organisation first used it', async () => {
    const sam = await seed('sam@example.org', 'Sam', 'Smith', [], null, '2026-01-05T00:00:00Z');
    const consent = (supporterId: string, kind: string, wording: string | null, at: string) =>
      db.query(
        `INSERT INTO consent_events (supporter_id, kind, source, wording, wording_hash, occurred_at)
         VALUES ($1, $2, 'website-form', $3, CASE WHEN $3::text IS NULL THEN NULL ELSE md5($3::text) END, $4)`,
        [supporterId, kind, wording, at],
      );
    // Recorded in this order: wording one for someone else, then wording two, then one again.
    await consent(ada, 'requested', 'Wording one', '2026-02-01T00:00:00Z');
    await consent(sam, 'requested', 'Wording two', '2026-03-03T09:00:00Z');
    await consent(sam, 'confirmed', null, '2026-03-03T09:05:00Z');
    await consent(sam, 'requested', 'Wording one', '2026-04-01T00:00:00Z');
    const [{ id: gift }] = (await db.query(
      `INSERT INTO donations (supporter_id, amount, refunded_amount, currency, frequency, status, campaign, paid_at)
       VALUES ($1, 1500, 500, 'gbp', 'monthly', 'partially_refunded', 'spring', '2026-03-10T00:00:00Z') RETURNING id`,
      [sam],
    )) as { id: string }[];
    await db.query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, created_at)
       VALUES ($1, 900, 'gbp', 'one_off', 'failed', '2026-03-20T00:00:00Z')`,
      [sam],
    );
    await db.query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, method, gift_aid_applies, paid_at)
       VALUES ($1, 2500, 'gbp', 'one_off', 'succeeded', 'cheque', true, '2026-02-01T12:00:00Z')`,
      [sam],
    );

    const { body } = await get(`/supporters/${sam}`).expect(200);

    expect(body.consentHistory).toEqual([
      expect.objectContaining({
        kind: 'requested',
        source: 'website-form',
        wording: 'Wording two',
        wordingVersion: 2,
      }),
      expect.objectContaining({
        kind: 'confirmed',
        occurredAt: '2026-03-03T09:05:00.000Z',
        wordingVersion: null,
      }),
      expect.objectContaining({ kind: 'requested', wording: 'Wording one', wordingVersion: 1 }),
    ]);
    expect(body.donations.gifts).toEqual([
      {
        id: expect.any(String),
        amount: 900,
        refundedAmount: 0,
        currency: 'gbp',
        frequency: 'one_off',
        status: 'failed',
        campaign: null,
        giftAid: false,
        paidAt: null,
        createdAt: '2026-03-20T00:00:00.000Z',
      },
      expect.objectContaining({
        id: gift,
        amount: 1500,
        refundedAmount: 500,
        campaign: 'spring',
        frequency: 'monthly',
      }),
      expect.objectContaining({ amount: 2500, giftAid: true }),
    ]);
  });

  it('lets comms edit name, tags and notes, audits it, and refuses a viewer', async () => {
    const patch = (bearer: string, body: Record<string, unknown>) =>
      request(booted.url).patch(`/supporters/${ada}`).set('Authorization', bearer).send(body);
    await patch(viewer, { notes: 'nope' }).expect(403);
    const { body } = await patch(comms, {
      firstName: ' Augusta ',
      tags: ['donor', 'donor', ' major '],
      notes: 'Met at the gala',
    }).expect(200);
    expect(body).toMatchObject({
      firstName: 'Augusta',
      lastName: 'Lovelace',
      tags: ['donor', 'major'],
      notes: 'Met at the gala',
    });
    await patch(comms, { notes: null }).expect(200);
    expect((await get(`/supporters/${ada}`).expect(200)).body.notes).toBeNull();
    const bad = await patch(comms, { tags: 'donor', email: 'x@example.org' }).expect(400);
    expect(bad.body.message).toMatch(/tags/);
    expect(bad.body.message).toMatch(/email/);
    const multiLine = await patch(comms, { firstName: 'Ada\r\nBcc: x', lastName: 'Love\u007flace' }).expect(
      400,
    );
    expect(multiLine.body.message).toMatch(/firstName: firstName must not contain line breaks/);
    expect(multiLine.body.message).toMatch(/lastName: lastName must not contain line breaks/);
    const audits = (await db.query(`SELECT action, target_id FROM audit_log WHERE target_id = $1`, [
      ada,
    ])) as unknown[];
    expect(audits).toHaveLength(2);
  });

  it('refuses an edit whose body is not JSON with 415 instead of answering 200 for nothing', async () => {
    const before = (await get(`/supporters/${ada}`).expect(200)).body;
    const refused = await request(booted.url)
      .patch(`/supporters/${ada}`)
      .set('Authorization', comms)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ notes: 'sent as text' }))
      .expect(415);

    expect(refused.body).toMatchObject({
      statusCode: 415,
      message: expect.stringMatching(/application\/json/),
    });
    expect((await get(`/supporters/${ada}`).expect(200)).body).toEqual(before);
  });

  it('refuses every supporter route without a token', async () => {
    await request(booted.url).get('/supporters').expect(401);
    await request(booted.url).get(`/supporters/${ada}`).expect(401);
    await request(booted.url).patch(`/supporters/${ada}`).send({ notes: 'x' }).expect(401);
  });

  it('can answer every kind of text through an index (the expressions match the migration)', async () => {
    // A handful of rows are cheaper to read whole or in created_at order; with neither the plan shows
    // whether the search indexes can serve (at a million rows bench:search shows the planner choosing them).
    const plan = async (q: string): Promise<string> => {
      const runner = db.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query('SET LOCAL enable_seqscan = off');
        await runner.query('SET LOCAL enable_indexscan = off');
        const search = renderSql(supporterSearchQuery({ q, take: 51 }));
        const rows = (await runner.query(`EXPLAIN ${search.text}`, search.values)) as {
          'QUERY PLAN': string;
        }[];
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    };
    expect(await plan('zzqx nobody')).toContain('supporters_search_trgm');
    expect(await plan('Sam Smith')).toContain('supporters_search_trgm');
    const short = await plan('zq');
    for (const index of [
      'supporters_email_normalised_key',
      'supporters_full_name_prefix',
      'supporters_last_name',
    ])
      expect(short).toContain(index);
  });
  it('finds the newest page of 20,000 supporters written by one statement without sorting them all', async () => {
    await db.query(
      `INSERT INTO supporters (email, email_normalised, created_at)
       SELECT 'bulk' || n || '@example.org', 'bulk' || n || '@example.org', '2026-06-01T10:00:00Z'
         FROM generate_series(1, 20000) n`,
    );
    try {
      await db.query('ANALYZE supporters');
      const first = renderSql(supporterSearchQuery({ take: 51 }));
      const [
        {
          'QUERY PLAN': [plan],
        },
      ] = (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${first.text}`, first.values)) as {
        'QUERY PLAN': [{ Plan: PlanNode }];
      }[];
      const nodes = flatten(plan.Plan);
      expect(nodes.map((node) => node['Node Type'])).not.toContainEqual(expect.stringMatching(/Sort/));
      const scan = nodes.find((node) => node['Relation Name'] === 'supporters')!;
      expect(scan['Index Name']).toBe('supporters_created_at');
      expect(scan['Actual Rows']).toBeLessThanOrEqual(51);
    } finally {
      await db.query(`DELETE FROM supporters WHERE email LIKE 'bulk%@example.org'`);
    }
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
