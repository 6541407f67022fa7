import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SupporterImportChunk } from '@crm/entities';
import { saveUploadCopy } from '@crm/platform';
import { addressHash } from '@crm/values';
import { type BootedApp, bootApp, staffBearer, TestEnvironment, waitFor } from '@crm/testing';
import { QueueProducer, subscriberImportsQueue } from '@crm/queues';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { writeSupporterCsv } from '../../test/csv-supporters';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';
import { SupporterImporter } from './supporter-importer';

interface ImportStatus {
  id: string;
  status: string;
  format: string;
  totalRows: number;
  rowsDone: number;
  rowsImported: number;
  rowsFailed: number;
  rowsSkipped: number;
  errors: { line: number; field?: string; message: string }[];
}

describe('CSV import of supporters', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let dir: string;
  let uploads: string;
  let comms: string;

  const upload = (path: string, consentSource?: string) => {
    const call = request(booted.url)
      .post('/supporters/import')
      .set('Authorization', comms)
      .attach('file', path);
    return consentSource ? call.field('consentSource', consentSource) : call;
  };
  const finished = async (id: string): Promise<ImportStatus> =>
    waitFor(
      async () => {
        const { body } = await request(booted.url)
          .get(`/imports/${id}`)
          .set('Authorization', comms)
          .expect(200);
        return ['completed', 'failed'].includes((body as ImportStatus).status)
          ? (body as ImportStatus)
          : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, what: `import ${id}` },
    );
  const importFile = async (name: string, content: string | Buffer, consentSource?: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    const { body } = await upload(path, consentSource).expect(202);
    return finished((body as ImportStatus).id);
  };
  const supporter = async (email: string) =>
    (
      (await db.query(
        `SELECT s.id, s.first_name, s.last_name, s.tags, n.status, n.confirmed_at, s.newsletter_confirmed FROM supporters s
           LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id WHERE s.email_normalised = $1`,
        [email],
      )) as {
        id: string;
        first_name: string;
        last_name: string;
        tags: string[];
        status: string | null;
        confirmed_at: Date;
        newsletter_confirmed: boolean;
      }[]
    )[0];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-spec-'));
    uploads = join(dir, 'uploads');
    env = await TestEnvironment.create();
    booted = await bootApp(
      loadSubscribersConfig(env.env({ IMPORT_DIR: uploads })),
      SubscribersModule.forRoot,
    );
    db = booted.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a 100,000-row file with 1 % bad rows: exact counts, exact error lines, no consent', async () => {
    const path = join(dir, 'large.csv');
    const generated = await writeSupporterCsv(path, { rows: 100_000, badEvery: 100 });
    const { body } = await upload(path).expect(202);
    expect(body).toMatchObject({ status: 'queued', rowsDone: 0 });

    const result = await finished((body as ImportStatus).id);
    expect(result).toMatchObject({
      status: 'completed',
      format: 'plain',
      totalRows: 100_000,
      rowsDone: 100_000,
      rowsImported: 99_000,
      rowsFailed: 1_000,
      rowsSkipped: 0,
    });
    expect(result.errors.map((error) => error.line)).toEqual(generated.badLines);
    expect(result.errors.filter((error) => error.field === 'email').length).toBeGreaterThan(0);
    const [{ supporters, subscriptions }] = (await db.query(
      `SELECT (SELECT count(*)::int FROM supporters) AS supporters,
              (SELECT count(*)::int FROM newsletter_subscriptions) AS subscriptions`,
    )) as { supporters: number; subscriptions: number }[];
    expect(supporters).toBe(99_000);
    expect(subscriptions).toBe(0);
    expect(await supporter('person0@example.org')).toMatchObject({
      first_name: 'First0',
      last_name: 'Last0',
      tags: ['tag0', 'common'],
    });
    expect(await readdir(uploads)).toEqual([]);
  });

  it('maps a Mailchimp export and subscribes with its opt-in evidence only when staff name the consent source', async () => {
    const path = join(dir, 'mailchimp.csv');
    await writeSupporterCsv(path, { rows: 20, format: 'mailchimp', emailPrefix: 'mc' });
    const { body } = await upload(path, 'mailchimp-signup-form').expect(202);
    const result = await finished((body as ImportStatus).id);
    expect(result).toMatchObject({
      status: 'completed',
      format: 'mailchimp',
      rowsImported: 20,
      rowsFailed: 0,
    });

    const mc3 = await supporter('mc3@example.org');
    expect(mc3).toMatchObject({
      first_name: 'First3',
      last_name: 'Last3',
      tags: ['tag3', 'common'],
      status: 'subscribed',
      newsletter_confirmed: true,
    });
    expect(mc3!.confirmed_at.toISOString()).toBe('2024-03-04T10:15:00.000Z');
    const ledger = (await db.query(`SELECT kind, source, ip FROM consent_events WHERE supporter_id = $1`, [
      mc3!.id,
    ])) as unknown[];
    expect(ledger).toEqual([{ kind: 'imported', source: 'import:mailchimp-signup-form', ip: '192.0.2.3' }]);

    const noSource = await importFile(
      'mailchimp-no-source.csv',
      'Email Address,First Name,Last Name,OPTIN_TIME,TAGS\nquiet@example.org,Quiet,Person,2024-01-01 00:00:00,\n',
    );
    expect(noSource.rowsImported).toBe(1);
    expect(await supporter('quiet@example.org')).toMatchObject({ status: null, newsletter_confirmed: false });
    const noEvidence = await importFile(
      'mailchimp-no-evidence.csv',
      'Email Address,First Name,Last Name,OPTIN_TIME,TAGS\nunproven@example.org,Un,Proven,,\n',
      'mailchimp-signup-form',
    );
    expect(noEvidence.rowsImported).toBe(1);
    expect(await supporter('unproven@example.org')).toMatchObject({
      status: null,
      newsletter_confirmed: false,
    });
  });

  it("records the people of Mailchimp's unsubscribed and cleaned exports as gone, never subscribed", async () => {
    const [{ id: earlier }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised) VALUES ('left-later@example.org', 'left-later@example.org') RETURNING id`,
    )) as { id: string }[];
    await db.query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at)
       VALUES ($1, 'subscribed', '2023-01-01T00:00:00Z', '2023-01-01T00:00:00Z')`,
      [earlier],
    );
    const header = 'Email Address,First Name,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME,UNSUB_REASON';
    const unsubscribed = await importFile(
      'unsubscribed_members_export.csv',
      [
        header,
        'left@example.org,Left,2022-01-01 00:00:00,2022-01-01 00:05:00,2024-06-01 12:00:00,No longer interested',
        'left-later@example.org,Later,2022-01-01 00:00:00,2022-01-01 00:05:00,2024-06-01 12:00:00,',
      ].join('\n'),
      'mailchimp-signup-form',
    );
    const cleaned = await importFile(
      'cleaned_members_export.csv',
      'Email Address,OPTIN_TIME,CONFIRM_TIME,CLEAN_TIME\nbounced@example.org,2022-01-01 00:00:00,2022-01-01 00:05:00,2024-02-01 08:00:00\n',
      'mailchimp-signup-form',
    );
    expect([unsubscribed.rowsImported, cleaned.rowsImported]).toEqual([2, 1]);
    expect((await supporter('left@example.org'))!.status).toBe('unsubscribed');
    expect((await supporter('left-later@example.org'))!.status).toBe('unsubscribed');
    expect((await supporter('bounced@example.org'))!.status).toBe('bounced');
    const ledger = (await db.query(`SELECT kind, source FROM consent_events WHERE supporter_id = $1`, [
      earlier,
    ])) as unknown[];
    expect(ledger).toEqual([{ kind: 'unsubscribed', source: 'import:mailchimp-signup-form' }]);

    // The audience export taken before they left does not bring them back.
    await importFile(
      'subscribed_members_export.csv',
      'Email Address,OPTIN_TIME,CONFIRM_TIME\nleft@example.org,2022-01-01 00:00:00,2022-01-01 00:05:00\n',
      'mailchimp-signup-form',
    );
    expect((await supporter('left@example.org'))!.status).toBe('unsubscribed');
  });

  it('imports a name with quotes inside an unquoted cell, and a name holding a NUL without it', async () => {
    const result = await importFile(
      'nicknames.csv',
      'email,first_name,last_name\nbob@example.org,Robert "Bob",Smith\nnul@example.org,Nu\u0000l,Byte\n',
    );
    expect(result).toMatchObject({ status: 'completed', rowsImported: 2, rowsFailed: 0 });
    expect((await supporter('bob@example.org'))!.first_name).toBe('Robert "Bob"');
    expect((await supporter('nul@example.org'))!.first_name).toBe('Nul');
  });

  it('names the right line after a cell that spans lines in a CRLF file', async () => {
    const result = await importFile(
      'crlf.csv',
      'email,first_name\r\n"crlf@example.org","Two\r\nlines"\r\nnot-an-address,x\r\n',
    );
    // A name may not hold a line break, so the record that spans lines 2-3 is refused too (named by
    // the line it ends on); what matters here is that the row after it is named by its own line, 4.
    expect(result).toMatchObject({
      rowsImported: 0,
      rowsFailed: 2,
      errors: [
        { line: 3, field: 'first_name' },
        { line: 4, field: 'email' },
      ],
    });
  });

  it('reads a file Excel saved as Windows-1252 as such, and a UTF-8 file as UTF-8', async () => {
    const excel = Buffer.from('email,first_name,last_name\nzoe@example.org,Zo\xeb,O\x92Neill\n', 'latin1');
    expect((await importFile('excel.csv', excel)).rowsImported).toBe(1);
    expect(await supporter('zoe@example.org')).toMatchObject({ first_name: 'Zoë', last_name: 'O’Neill' });
    expect((await importFile('utf8.csv', 'email,first_name\nrene@example.org,René\n')).rowsImported).toBe(1);
    expect((await supporter('rene@example.org'))!.first_name).toBe('René');
  });

  it('refuses an opt-in time it would have to guess the day of, naming the line', async () => {
    const result = await importFile(
      'uk-dates.csv',
      'email,optin_time\nday-first@example.org,04/03/2024 10:15\n',
      'events-2024',
    );
    expect(result.rowsFailed).toBe(1);
    expect(result.errors).toEqual([expect.objectContaining({ line: 2, field: 'optin_time' })]);
    expect(await supporter('day-first@example.org')).toBeUndefined();
  });

  it('merges duplicates by address and never resubscribes someone who unsubscribed', async () => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name, tags) VALUES ('gone@example.org', 'gone@example.org', 'Kept', '{old}') RETURNING id`,
    )) as { id: string }[];
    await db.query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status) VALUES ($1, 'unsubscribed')`,
      [id],
    );
    const result = await importFile(
      'dupes.csv',
      [
        'email,first_name,last_name,tags,optin_time',
        'twice@example.org,Tw,Ice,a,2024-01-01T00:00:00Z',
        'TWICE@example.org,,,b;c,',
        'gone@example.org,Replaced,Surname,new,2024-01-01T00:00:00Z',
      ].join('\n'),
      'events-2024',
    );
    expect(result).toMatchObject({ rowsImported: 3, rowsFailed: 0 });
    expect(await supporter('twice@example.org')).toMatchObject({
      first_name: 'Tw',
      tags: expect.arrayContaining(['a', 'b', 'c']),
      status: 'subscribed',
      newsletter_confirmed: true,
    });
    expect(await supporter('gone@example.org')).toMatchObject({
      first_name: 'Kept',
      last_name: 'Surname',
      status: 'unsubscribed',
      newsletter_confirmed: false,
    });
  });

  it("skips every row of an erased person's address, and merges a later duplicate's evidence and tags in order", async () => {
    await db.query(`INSERT INTO erased_emails (email_hash, erased_at) VALUES ($1, now())`, [
      addressHash('erased-twice@example.org'),
    ]);
    const result = await importFile(
      'erased-and-late.csv',
      [
        'email,first_name,tags,optin_time,optin_ip',
        'erased-twice@example.org,A,,2020-01-01T00:00:00Z,',
        'ERASED-TWICE@example.org,B,,,',
        'late-proof@example.org,,x;y,,',
        'late-proof@example.org,Late,y;z,2024-02-01T00:00:00Z,198.51.100.7',
      ].join('\n'),
      'events-2024',
    );
    expect(result).toMatchObject({ rowsImported: 2, rowsSkipped: 2, rowsFailed: 0 });
    expect(await supporter('erased-twice@example.org')).toBeUndefined();
    const late = await supporter('late-proof@example.org');
    expect(late).toMatchObject({ first_name: 'Late', tags: ['x', 'y', 'z'], status: 'subscribed' });
    expect(late!.confirmed_at.toISOString()).toBe('2024-02-01T00:00:00.000Z');
    expect(await db.query(`SELECT kind, ip FROM consent_events WHERE supporter_id = $1`, [late!.id])).toEqual(
      [{ kind: 'imported', ip: '198.51.100.7' }],
    );
  });

  it('replays a file on a retried job without doubling anything', async () => {
    const path = join(dir, 'replayed.csv');
    const replay = async (id: string) => {
      await writeSupporterCsv(path, {
        rows: 12_000,
        format: 'mailchimp',
        emailPrefix: 'replay',
        badEvery: 1000,
      });
      await db.query(`UPDATE supporter_imports SET status = 'running', file_path = $2 WHERE id = $1`, [
        id,
        path,
      ]);
      await new SupporterImporter(db).run(id);
      return (await request(booted.url).get(`/imports/${id}`).set('Authorization', comms).expect(200))
        .body as ImportStatus;
    };
    const tally = async () =>
      (await db.query(
        `SELECT (SELECT count(*)::int FROM supporters WHERE email_normalised LIKE 'replay%') AS supporters,
                (SELECT count(*)::int FROM consent_events WHERE source = 'import:replay-test') AS ledger`,
      )) as unknown[];
    const [{ id }] = (await db.query(
      `INSERT INTO supporter_imports (status, file_path, consent_source) VALUES ('queued', $1, 'replay-test') RETURNING id`,
      [path],
    )) as { id: string }[];

    const first = await replay(id);
    const afterFirst = await tally();
    const second = await replay(id);
    expect(second).toEqual({ ...first, finishedAt: expect.any(String) });
    expect(first).toMatchObject({ rowsImported: 11_988, rowsFailed: 12 });
    expect(await tally()).toEqual(afterFirst);
    expect(afterFirst).toEqual([{ supporters: 11_988, ledger: 11_988 }]);
  });

  it('runs an import whose upload reached another replica from its copy in the database, then drops the copy', async () => {
    const received = join(dir, 'received-elsewhere.csv');
    const summary = await writeSupporterCsv(received, { rows: 40_000, emailPrefix: 'replica' });
    expect((await stat(received)).size).toBeGreaterThan(2 * 1024 * 1024); // several 1 MiB pieces
    const neverHere = join(dir, 'other-replica', 'upload.csv');
    const [{ id }] = (await db.query(
      `INSERT INTO supporter_imports (status, file_path) VALUES ('queued', $1) RETURNING id`,
      [neverHere],
    )) as { id: string }[];
    await saveUploadCopy(db.manager, SupporterImportChunk, id, received);
    await rm(received);
    const queue = booted.app.get<Queue>(getQueueToken(subscriberImportsQueue.name));
    await new QueueProducer(subscriberImportsQueue, queue).add(
      'import-supporters',
      { importId: id },
      { jobId: `import-${id}` },
    );
    expect(await finished(id)).toMatchObject({
      status: 'completed',
      rowsImported: summary.goodRows,
      rowsFailed: 0,
    });
    // The copy goes once the job is over (just after the import shows as completed).
    const copyDropped = (importId: string) =>
      waitFor(async () => (await db.getRepository(SupporterImportChunk).countBy({ importId })) === 0, {
        what: `copy of import ${importId} dropped`,
      });
    await copyDropped(id);

    // An upload through the API leaves no file on this replica's disk, only its copy until the import is over.
    const viaApi = await importFile('api-upload.csv', 'email\nreplica-api@example.org\n');
    expect(viaApi.status).toBe('completed');
    expect(await readdir(uploads)).toEqual([]);
    await copyDropped(viaApi.id);
  });

  it('fails a file without an email column as a whole, and refuses a request without a file', async () => {
    const result = await importFile('no-email.csv', 'name,phone\nAda,123\n');
    expect(result).toMatchObject({
      status: 'failed',
      rowsImported: 0,
      errors: [{ line: 1, message: expect.stringContaining('email column') }],
    });
    const response = await request(booted.url)
      .post('/supporters/import')
      .set('Authorization', comms)
      .field('consentSource', 'x')
      .expect(400);
    expect(response.body.message).toContain('file');
    const rawCsv = await request(booted.url)
      .post('/supporters/import')
      .set('Authorization', comms)
      .set('Content-Type', 'text/csv')
      .send('email\nada@example.org\n')
      .expect(415);
    expect(rawCsv.body.message).toContain('multipart/form-data');
    const invalid = await upload(join(dir, 'no-email.csv'), 'x'.repeat(101)).expect(400);
    expect(invalid.body.message).toContain('consentSource');
    expect(await readdir(uploads)).toEqual([]);
  });

  it('shows an import as failed once its job has used up its retries', async () => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporter_imports (status, file_path) VALUES ('queued', $1) RETURNING id`,
      [join(dir, 'vanished.csv')],
    )) as { id: string }[];
    const queue = booted.app.get<Queue>(getQueueToken(subscriberImportsQueue.name));
    await new QueueProducer(subscriberImportsQueue, queue).add(
      'import-supporters',
      { importId: id },
      { jobId: `import-${id}` },
    );
    const result = await finished(id);
    expect(result).toMatchObject({
      status: 'failed',
      errors: [{ line: 0, message: expect.stringContaining('repeated errors') }],
    });
  });

  it('lists imports newest first in cursor pages, with counts and without the rejected rows', async () => {
    const viewer = await staffBearer(db, 'viewer');
    const ids = (
      (await db.query(
        `INSERT INTO supporter_imports (status, file_path, original_name, total_rows, rows_done, rows_imported,
                                        rows_failed, errors, created_by, created_at)
         SELECT 'completed', '/gone', 'list-' || n || '.csv', 10, 10, 9, 1,
                '[{"line": 3, "message": "bad email"}]', 'Sam', '2030-01-01T00:00:00Z'::timestamptz + n * interval '1 minute'
           FROM generate_series(1, 3) n RETURNING id`,
      )) as { id: string }[]
    ).map((row) => row.id);
    const first = await request(booted.url).get('/imports?limit=2').set('Authorization', viewer).expect(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({
        id: ids[2],
        fileName: 'list-3.csv',
        rowsImported: 9,
        rowsFailed: 1,
        createdBy: 'Sam',
      }),
      expect.objectContaining({ id: ids[1] }),
    ]);
    expect(first.body.items[0]).not.toHaveProperty('errors');
    const second = await request(booted.url)
      .get(`/imports?limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', viewer)
      .expect(200);
    expect(second.body.items[0]).toMatchObject({
      id: ids[0],
      totalRows: 10,
      rowsDone: 10,
      status: 'completed',
    });
    await request(booted.url).get('/imports?limit=0').set('Authorization', viewer).expect(400);
    await request(booted.url).get('/imports').expect(401);
  });

  it('requires supporters:write to import and a valid id to read progress', async () => {
    const viewer = await staffBearer(db, 'viewer');
    await request(booted.url)
      .post('/supporters/import')
      .set('Authorization', viewer)
      .attach('file', Buffer.from('email\n'), 'a.csv')
      .expect(403);
    await request(booted.url).get('/imports/not-a-uuid').set('Authorization', viewer).expect(400);
    const missing = await request(booted.url)
      .get('/imports/00000000-0000-4000-8000-000000000000')
      .set('Authorization', viewer)
      .expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'import_not_found' });
  });
});
