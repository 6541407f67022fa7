import { createHash } from 'node:crypto';
import { AuditEntry } from '@crm/entities';
import request from 'supertest';
import { MailerHarness } from '../../test/mailer-harness';

describe('suppressions', () => {
  let harness: MailerHarness;

  beforeAll(async () => {
    harness = await MailerHarness.start();
  });
  afterAll(() => harness.stop());

  it('lets comms add, list and remove a suppression, audited, idempotently', async () => {
    const comms = await harness.bearer('comms');
    const added = await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'Someone@Example.org' })
      .expect(201);
    expect(added.body).toMatchObject({
      email: 'someone@example.org',
      reason: 'manual',
      source: 'staff',
      addedBy: expect.stringMatching(/^comms-/),
    });
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'someone@example.org', reason: 'complaint' })
      .expect(201);
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'other@example.org' })
      .expect(201);

    const list = await request(harness.url)
      .get('/suppressions')
      .query({ limit: 1 })
      .set('Authorization', comms)
      .expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ email: 'other@example.org' })]);
    const next = await request(harness.url)
      .get('/suppressions')
      .query({ limit: 1, cursor: list.body.nextCursor })
      .set('Authorization', comms)
      .expect(200);
    expect(next.body.items).toEqual([
      expect.objectContaining({ email: 'someone@example.org', reason: 'manual' }),
    ]);
    const filtered = await request(harness.url)
      .get('/suppressions')
      .query({ email: 'some' })
      .set('Authorization', comms)
      .expect(200);
    expect(filtered.body.items).toHaveLength(1);
    // The typed text is matched literally: LIKE's wildcards in it match nothing else.
    for (const email of ['s_me', '%', '_']) {
      const literal = await request(harness.url)
        .get('/suppressions')
        .query({ email })
        .set('Authorization', comms)
        .expect(200);
      expect(literal.body.items).toEqual([]);
    }

    await request(harness.url)
      .delete('/suppressions/someone@example.org')
      .set('Authorization', comms)
      .expect(204);
    const gone = await request(harness.url)
      .delete('/suppressions/someone@example.org')
      .set('Authorization', comms)
      .expect(404);
    expect(gone.body).toMatchObject({
      code: 'suppression_not_found',
      message: 'someone@example.org is not suppressed',
    });
    await request(harness.url).delete('/suppressions/not-an-email').set('Authorization', comms).expect(400);

    const audited = await harness.dataSource.getRepository(AuditEntry).findBy({ app: 'mailer' });
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });

  it('names the suppression each audit row changed, by the hash of its address, never the address', async () => {
    const comms = await harness.bearer('comms');
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'Audited@Example.org' })
      .expect(201);
    await request(harness.url)
      .delete('/suppressions/AUDITED@example.org')
      .set('Authorization', comms)
      .expect(204);

    const hash = createHash('sha256').update('audited@example.org').digest('hex');
    const rows = (await harness.dataSource.query(
      `SELECT action, target_type, target_id, status_code, a::text AS whole FROM audit_log a
        WHERE app = 'mailer' AND action LIKE '% /suppressions%' ORDER BY id`,
    )) as {
      action: string;
      target_type: string;
      target_id: string | null;
      status_code: number;
      whole: string;
    }[];
    expect(rows.slice(-2)).toEqual([
      expect.objectContaining({ action: 'POST /suppressions', target_type: 'Suppressions', target_id: hash }),
      expect.objectContaining({ action: 'DELETE /suppressions/:email', target_id: hash, status_code: 204 }),
    ]);
    // Every suppression write names its target, and no audit row holds an address.
    expect(rows.filter((row) => row.target_id === null)).toEqual([]);
    expect(rows.filter((row) => row.whole.includes('@'))).toEqual([]);
  });

  it('refuses bad input and under-privileged callers', async () => {
    const comms = await harness.bearer('comms');
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'nope' })
      .expect(400);
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', comms)
      .send({ email: 'a@example.org', reason: 'whim' })
      .expect(400);
    const viewer = await harness.bearer('viewer');
    await request(harness.url).get('/suppressions').set('Authorization', viewer).expect(200);
    await request(harness.url)
      .post('/suppressions')
      .set('Authorization', viewer)
      .send({ email: 'a@example.org' })
      .expect(403);
    await request(harness.url).delete('/suppressions/a@example.org').set('Authorization', viewer).expect(403);
    await request(harness.url)
      .get('/suppressions')
      .set('Authorization', await harness.bearer('fundraising'))
      .expect(403);
    await request(harness.url).get('/suppressions').expect(401);
  });
});
