import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { subscribersEventsQueue } from '@crm/queues';
import { staffBearer, waitFor } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import type { UnlinkedGift } from '../offline-gifts/offline-donors';
import { TimeOrderedIds } from './gift-staging';
import { GiftsImporter } from './gifts-importer';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures');

interface ImportStatus {
  id: string;
  status: string;
  rowsImported: number;
  rowsDuplicate: number;
  rowsFailed: number;
  totalRows: number;
  errors: { line: number; field?: string; message: string }[];
}

/** Gifts CSV imports: platform layouts, exact row errors, and a second upload that adds nothing. */
describe('gifts import (POST /donations/import)', () => {
  let harness: DonationsHarness;
  let fundraiser: string;
  let adaId: string;

  const upload = async (path: string, fields: Record<string, string>): Promise<ImportStatus> => {
    let call = request(harness.url).post('/donations/import').set('Authorization', fundraiser);
    for (const [name, value] of Object.entries(fields)) call = call.field(name, value);
    const started = await call.attach('file', path).expect(202);
    return waitFor(
      async () => {
        const { body } = await request(harness.url)
          .get(`/donation-imports/${started.body.id}`)
          .set('Authorization', fundraiser)
          .expect(200);
        return ['completed', 'failed'].includes(body.status) ? (body as ImportStatus) : undefined;
      },
      { what: 'the gifts import to finish' },
    );
  };
  const giftsWithReference = async (prefix: string) =>
    harness.dataSource.query(
      `SELECT amount, currency, method, supporter_id, email, donor_name, campaign, reference, paid_at, gift_aid_applies
         FROM donations WHERE reference LIKE $1 ORDER BY reference`,
      [`${prefix}%`],
    );

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    fundraiser = await staffBearer(harness.dataSource, 'fundraising');
    const [row] = (await harness.dataSource.query(
      `INSERT INTO supporters (email, email_normalised, first_name, source)
       VALUES ('ada@example.org', 'ada@example.org', 'Ada', 'test') RETURNING id`,
    )) as { id: string }[];
    adaId = row!.id;
  });
  afterAll(() => harness.close());

  it('imports a JustGiving report once, however often it is uploaded', async () => {
    const file = join(FIXTURES, 'justgiving-donations.csv');
    const first = await upload(file, { layout: 'justgiving' });
    expect(first).toMatchObject({
      status: 'completed',
      totalRows: 4,
      rowsImported: 3,
      rowsDuplicate: 0,
      rowsFailed: 1,
    });
    expect(first.errors).toEqual([{ line: 5, field: 'email', message: 'is not an email address' }]);
    const second = await upload(file, { layout: 'justgiving' });
    expect(second).toMatchObject({ status: 'completed', rowsImported: 0, rowsDuplicate: 3, rowsFailed: 1 });

    const gifts = await giftsWithReference('109384756');
    expect(gifts).toEqual([
      expect.objectContaining({
        reference: '1093847561',
        amount: 2500,
        supporter_id: adaId,
        method: 'third_party',
      }),
      // Anonymous: counted in the totals, in no one's giving.
      expect.objectContaining({ reference: '1093847562', amount: 1000, supporter_id: null, email: null }),
      expect.objectContaining({
        reference: '1093847563',
        amount: 100000,
        email: 'charles@example.org',
        donor_name: 'Charles Babbage',
        campaign: 'Winter Appeal',
        paid_at: new Date('2026-11-03T12:00:00Z'),
        // JustGiving claims the Gift Aid itself.
        gift_aid_applies: false,
      }),
    ]);
    const [charles] = await harness.dataSource.query(
      `SELECT id FROM donations WHERE reference = '1093847563'`,
    );
    const jobs = await harness.jobsIn(subscribersEventsQueue.name);
    expect(jobs.filter((job) => job.id === `donor-${charles.id}`)).toHaveLength(1);
  });

  it('imports an Enthuse payments report once, refusing its refund row by line', async () => {
    const file = join(FIXTURES, 'enthuse-payments.csv');
    const first = await upload(file, { layout: 'enthuse', campaign: 'Enthuse default' });
    expect(first).toMatchObject({ status: 'completed', rowsImported: 2, rowsFailed: 1 });
    expect(first.errors).toEqual([
      { line: 4, field: 'amount', message: 'is negative (a refund): only gifts are imported' },
    ]);
    const second = await upload(file, { layout: 'enthuse' });
    expect(second).toMatchObject({ status: 'completed', rowsImported: 0, rowsDuplicate: 2 });
    const rows = await harness.dataSource.query(
      `SELECT amount, reference, campaign FROM donations WHERE import_key LIKE 'enthuse:%' ORDER BY amount`,
    );
    expect(rows).toEqual([
      { amount: 1500, reference: 'TXN-77121', campaign: 'Enthuse default' },
      { amount: 5000, reference: 'TXN-77120', campaign: 'Enthuse default' },
    ]);
  });

  it('names each bad row of a plain file by line and field, and keys gifts by reference, date and amount', async () => {
    const path = join(tmpdir(), `gifts-plain-${process.pid}.csv`);
    await writeFile(
      path,
      [
        'date,amount,email,first_name,last_name,method,campaign,reference,gift_aid',
        '2026-10-01,12.50,ada@example.org,Ada,,cheque,Harvest,CHQ-1,yes',
        '31/02/2026,10,ada@example.org,Ada,,cheque,Harvest,CHQ-2,no',
        '2026-10-02,ten,ada@example.org,Ada,,cheque,Harvest,CHQ-3,no',
        '2026-10-03,10,ada@example.org,Ada,,bitcoin,Harvest,CHQ-4,no',
        '2026-10-04,10,,,,cash,Harvest,,no',
        '2026-10-05,"1,250",,,,bank_transfer,Harvest,BACS-9,maybe',
        '2026-10-06,8,ada@example.org,Ada,,standing_order,Harvest,,no',
      ].join('\n'),
    );
    const first = await upload(path, {});
    expect(first.errors).toEqual([
      { line: 3, field: 'date', message: 'is not a date that exists' },
      { line: 4, field: 'amount', message: 'is not an amount such as 25.00' },
      { line: 5, field: 'method', message: expect.stringContaining('is not one of cash, cheque') },
      {
        line: 6,
        field: 'reference',
        message: expect.stringContaining('is needed when the row names no donor'),
      },
      { line: 7, field: 'gift_aid', message: 'is not yes or no' },
    ]);
    expect(first).toMatchObject({ rowsImported: 2, rowsFailed: 5 });
    const again = await upload(path, {});
    expect(again).toMatchObject({ rowsImported: 0, rowsDuplicate: 2, rowsFailed: 5 });
    const harvest = await harness.dataSource.query(
      `SELECT amount, method, frequency, gift_aid_applies FROM donations WHERE campaign = 'Harvest' ORDER BY amount`,
    );
    expect(harvest).toEqual([
      { amount: 800, method: 'standing_order', frequency: 'monthly', gift_aid_applies: false },
      { amount: 1250, method: 'cheque', frequency: 'one_off', gift_aid_applies: true },
    ]);
  });

  it('gives a row the supporter its id names, refuses an id no supporter has by line, and adds to the giving summary', async () => {
    const path = join(tmpdir(), `gifts-ids-${process.pid}.csv`);
    await writeFile(
      path,
      [
        'supporter_id,date,amount,email,method,reference,gift_aid',
        `${adaId},2026-09-01,40,,cheque,IDS-1,no`,
        '00000000-0000-4000-8000-000000000000,2026-09-02,5,,cheque,IDS-2,no',
        `${adaId},2026-09-03,60,,cash,IDS-3,no`,
      ].join('\n'),
    );
    const givingOfAda = async () =>
      (
        await harness.dataSource.query(
          `SELECT g.gift_count, g.total::int AS total, c.gift_count AS computed_count, c.total::int AS computed_total
             FROM supporter_giving g JOIN supporter_giving_computed c USING (supporter_id) WHERE supporter_id = $1`,
          [adaId],
        )
      )[0];
    const before = await givingOfAda();
    const first = await upload(path, {});
    expect(first).toMatchObject({ status: 'completed', rowsImported: 2, rowsFailed: 1 });
    expect(first.errors).toEqual([{ line: 3, field: 'supporter_id', message: 'no supporter has this id' }]);
    expect(await giftsWithReference('IDS-')).toEqual([
      expect.objectContaining({ reference: 'IDS-1', supporter_id: adaId, amount: 4000 }),
      expect.objectContaining({ reference: 'IDS-3', supporter_id: adaId, amount: 6000 }),
    ]);
    const after = await givingOfAda();
    expect(after).toEqual({
      gift_count: before.gift_count + 2,
      total: before.total + 10_000,
      computed_count: before.gift_count + 2,
      computed_total: before.total + 10_000,
    });
    const again = await upload(path, {});
    expect(again).toMatchObject({ rowsImported: 0, rowsDuplicate: 2, rowsFailed: 1 });
    expect(await givingOfAda()).toEqual(after);
  });

  it('gives a row naming a merged-away supporter to the record kept, following a chain of merges', async () => {
    const supporter = async (email: string, mergedInto: string | null): Promise<string> => {
      const [row] = (await harness.dataSource.query(
        `INSERT INTO supporters (email, email_normalised, first_name, source, merged_into_id, merged_at)
         VALUES ($1, $1, 'Grace', 'test', $2, CASE WHEN $2::uuid IS NOT NULL THEN now() END) RETURNING id`,
        [email, mergedInto],
      )) as { id: string }[];
      return row!.id;
    };
    const kept = await supporter('grace@example.org', null);
    const middle = await supporter('grace.h@example.org', kept);
    const first = await supporter('g.hopper@example.org', middle);
    const path = join(tmpdir(), `gifts-merged-${process.pid}.csv`);
    await writeFile(
      path,
      [
        'supporter_id,date,amount,email,method,reference,gift_aid',
        `${first},2026-09-01,15,,cheque,MERGED-1,no`,
        `${middle},2026-09-02,25,,cash,MERGED-2,no`,
        `${kept},2026-09-03,35,,cash,MERGED-3,no`,
      ].join('\n'),
    );
    expect(await upload(path, {})).toMatchObject({ status: 'completed', rowsImported: 3, rowsFailed: 0 });
    expect(
      (await giftsWithReference('MERGED-')).map((gift: { supporter_id: string }) => gift.supporter_id),
    ).toEqual([kept, kept, kept]);
    const [giving] = (await harness.dataSource.query(
      `SELECT gift_count, total::int AS total FROM supporter_giving WHERE supporter_id = $1`,
      [kept],
    )) as { gift_count: number; total: number }[];
    expect(giving).toEqual({ gift_count: 3, total: 7_500 });
  });

  it('writes a file in many chunks on two connections with exact lines and counts, and a retried attempt hands over the donors the first missed', async () => {
    const path = join(tmpdir(), `gifts-chunks-${process.pid}.csv`);
    const lines = ['supporter_id,date,amount,email,first_name,last_name,method,reference,gift_aid'];
    for (let n = 0; n < 23; n++) {
      if (n === 6) lines.push(`,2026-08-01,oops,,,,cheque,CH-${n},no`);
      else if (n === 13) lines.push(`00000000-0000-4000-8000-000000000013,2026-08-02,5,,,,cheque,CH-${n},no`);
      else if (n === 17) lines.push(`${adaId},2026-08-03,7,,,,cash,CH-${n},no`);
      else if (n === 19) lines.push(`,2026-08-04,3,chunk19@example.org,Back\\slash,Name,cheque,CH-${n},no`);
      else lines.push(`,2026-08-05,${n + 1},chunk${n % 4}@example.org,Chunk,${n},cheque,CH-${n},no`);
    }
    // A repeat of an earlier line's gift (the same key) in a later chunk adds nothing.
    lines.push(',2026-08-05,2,chunk1@example.org,Chunk,1,cheque,CH-1,no');
    await writeFile(path, `${lines.join('\n')}\n`);
    const [job] = (await harness.dataSource.query(
      `INSERT INTO donation_imports (status, layout, file_path, original_name) VALUES ('queued', 'plain', $1, 'chunks.csv') RETURNING id`,
      [path],
    )) as { id: string }[];
    const settings = { currencies: ['gbp'], defaultCurrency: 'gbp' };
    const handedOver: string[] = [];
    let calls = 0;
    const failing = {
      announce: async (gifts: UnlinkedGift[]) => {
        // The first chunk's donors are handed over; then the queue goes down and the attempt fails.
        if (calls++ > 0) throw new Error('the queue is down');
        handedOver.push(...gifts.map((gift) => gift.donationId));
      },
    };
    // Five rows a chunk.
    await expect(new GiftsImporter(harness.dataSource, failing, settings, 5).run(job!.id)).rejects.toThrow(
      'the queue is down',
    );
    const donors = {
      announce: async (gifts: UnlinkedGift[]) =>
        void handedOver.push(...gifts.map((gift) => gift.donationId)),
    };
    await new GiftsImporter(harness.dataSource, donors, settings, 5).run(job!.id);

    const [run] = (await harness.dataSource.query(
      // Chunks commit on two connections, so stored errors are in commit order (the API sorts them).
      `SELECT status, total_rows, rows_done, rows_imported + rows_duplicate AS rows_written, rows_failed,
              (SELECT jsonb_agg(e ORDER BY (e->>'line')::int) FROM jsonb_array_elements(errors) e) AS errors
         FROM donation_imports WHERE id = $1`,
      [job!.id],
    )) as Record<string, unknown>[];
    expect(run).toEqual({
      status: 'completed',
      total_rows: 24,
      rows_done: 24,
      // Each valid row is added by one attempt or the other; the retry counts the first's as duplicates.
      rows_written: 22,
      rows_failed: 2,
      errors: [
        { line: 8, field: 'amount', message: 'is not an amount such as 25.00' },
        { line: 15, field: 'supporter_id', message: 'no supporter has this id' },
      ],
    });
    const gifts = (await harness.dataSource.query(
      `SELECT id, reference, supporter_id, donor_name, notified_at IS NOT NULL AS notified
         FROM donations WHERE import_id = $1 ORDER BY id`,
      [job!.id],
    )) as {
      id: string;
      reference: string;
      supporter_id: string | null;
      donor_name: string;
      notified: boolean;
    }[];
    expect(gifts).toHaveLength(21);
    expect(gifts.find((gift) => gift.reference === 'CH-17')).toMatchObject({ supporter_id: adaId });
    expect(gifts.find((gift) => gift.reference === 'CH-19')?.donor_name).toBe('Back\\slash Name');
    // Every gift without a supporter was handed over exactly once across both attempts, and marked so.
    const unlinked = gifts.filter((gift) => gift.supporter_id === null);
    expect(unlinked).toHaveLength(20);
    expect(handedOver.sort()).toEqual(unlinked.map((gift) => gift.id).sort());
    expect(gifts.every((gift) => gift.notified)).toBe(true);
    const [giving] = await harness.dataSource.query(
      `SELECT g.gift_count = c.gift_count AND g.total = c.total AND g.largest = c.largest
              AND g.first_paid_at = c.first_paid_at AND g.last_paid_at = c.last_paid_at AS exact
         FROM supporter_giving g JOIN supporter_giving_computed c USING (supporter_id) WHERE supporter_id = $1`,
      [adaId],
    );
    expect(giving).toEqual({ exact: true });
  });

  it('makes version 7 ids whose time prefix follows the clock', () => {
    const ids = new TimeOrderedIds();
    const before = Date.now();
    const made = Array.from({ length: 5000 }, () => ids.next());
    const after = Date.now();
    expect(new Set(made).size).toBe(made.length);
    for (const id of made) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(after);
    }
  });

  it('fails a file without the columns its layout needs, saying which', async () => {
    const path = join(tmpdir(), `gifts-bad-${process.pid}.csv`);
    await writeFile(path, 'Date,Amount\n01/11/2026,5\n');
    const run = await upload(path, { layout: 'justgiving' });
    expect(run.status).toBe('failed');
    expect(run.errors[0]?.message).toContain('"donation_id"');
  });

  it('refuses an unknown layout with a 400 naming it', async () => {
    const refused = await request(harness.url)
      .post('/donations/import')
      .set('Authorization', fundraiser)
      .field('layout', 'paypal')
      .attach('file', join(FIXTURES, 'enthuse-payments.csv'))
      .expect(400);
    expect(refused.body.message).toContain('layout');
  });
});
