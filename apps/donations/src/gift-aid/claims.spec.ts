import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refundedChargeObject, staffBearer, stripeEvent } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import { declarationBody, GiftAidFixtures } from '../../test/gift-aid-fixtures';
import { accountingPeriodOf } from './claim-lines';

/**
 * The year the current accounting period ends in (the harness's year to 31 March). Every date
 * below is a fixed day of a year counted from it: all in the past and within HMRC's time limit
 * (the current period and the 4 before it), so the suite does not age.
 */
const period = accountingPeriodOf(new Date(), '03-31');
/** The `YY` of HMRC's schedule dates. */
const yy = (year: number): string => String(year % 100).padStart(2, '0');

describe('Gift Aid claims', () => {
  let harness: DonationsHarness;
  let fixtures: GiftAidFixtures;
  let fundraiser: string;

  /** A supporter with a written declaration covering their gifts from the oldest year used here on. */
  const declaredSupporter = async (email: string): Promise<string> => {
    const id = await fixtures.supporter(email);
    await request(harness.url)
      .post(`/supporters/${id}/gift-aid-declarations`)
      .set('Authorization', fundraiser)
      .send(declarationBody({ declaredAt: `${period - 2}-01-15`, coversFrom: `${period - 4}-01-01` }))
      .expect(201);
    return id;
  };
  const claim = (body: Record<string, unknown> = {}) =>
    request(harness.url).post('/gift-aid/claims').set('Authorization', fundraiser).send(body);
  const patch = (id: string, body: Record<string, unknown>) =>
    request(harness.url).patch(`/gift-aid/claims/${id}`).set('Authorization', fundraiser).send(body);
  const get = (path: string) => request(harness.url).get(path).set('Authorization', fundraiser);
  const eligible = async (): Promise<string[]> =>
    (await get('/gift-aid/eligible?limit=200').expect(200)).body.items.map(
      (item: { donationId: string }) => item.donationId,
    );

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    fixtures = new GiftAidFixtures(harness.dataSource);
    fundraiser = await staffBearer(harness.dataSource, 'fundraising');
  });
  afterAll(() => harness.close());

  it('aggregates gifts of £20 or less into lines of at most £1,000 within one accounting period, and lists larger gifts by donor', async () => {
    const donors = await Promise.all(
      ['a@example.org', 'b@example.org', 'c@example.org'].map(declaredSupporter),
    );
    const small: string[] = [];
    // 130 gifts of £10 in the year to 31 March of `period - 3`, then 3 of £20 after it: periods are not mixed.
    for (let n = 0; n < 130; n += 1) {
      small.push(
        await fixtures.gift(
          donors[n % 3]!,
          1_000,
          new Date(Date.UTC(period - 4, 5, 1) + n * 3_600_000).toISOString(),
          {
            method: 'cash',
          },
        ),
      );
    }
    for (let n = 0; n < 3; n += 1)
      small.push(await fixtures.gift(donors[n]!, 2_000, `${period - 3}-04-0${n + 1}T12:00:00Z`));
    const large = await fixtures.gift(donors[0]!, 2_001, `${period - 4}-05-31T12:00:00Z`);

    const ready = await get('/gift-aid/eligible/summary').expect(200);
    expect(ready.body).toEqual({
      count: 134,
      totalAmount: 138_001,
      giftAidAmount: 34_500,
      currency: 'gbp',
      // The oldest, of 31 May, is in the year to the next 31 March: 4 years on.
      oldestClaimBy: `${period + 1}-03-31`,
      timeLimit: expect.objectContaining({ years: 4, lostCount: 0, lostAmount: 0, lostGiftAidAmount: 0 }),
    });
    const made = await claim().expect(201);
    expect(made.body).toMatchObject({
      status: 'draft',
      donationCount: 134,
      lineCount: 4,
      totalAmount: 130 * 1_000 + 3 * 2_000 + 2_001,
      giftAidAmount: Math.floor((130 * 1_000 + 3 * 2_000 + 2_001) / 4),
    });
    const lines = await harness.dataSource.query<
      { line: number; aggregated: boolean; total: number; biggest: number }[]
    >(
      `SELECT line, bool_and(aggregated) AS aggregated, sum(amount)::int AS total, max(amount) AS biggest
         FROM gift_aid_claim_items WHERE claim_id = $1 GROUP BY line ORDER BY line`,
      [made.body.id],
    );
    for (const line of lines.filter((l) => l.aggregated)) {
      expect(line.total).toBeLessThanOrEqual(100_000);
      expect(line.biggest).toBeLessThanOrEqual(2_000);
    }
    expect(lines.map((l) => [l.aggregated, l.total])).toEqual([
      [false, 2_001],
      [true, 100_000],
      [true, 30_000],
      [true, 6_000],
    ]);

    const schedule = (await get(`/gift-aid/claims/${made.body.id}/schedule.csv`).expect(200)).text.split(
      '\r\n',
    );
    expect(schedule.slice(1, 5)).toEqual([
      `Dr,Ada,Lovelace,12,N1 1AA,,,31/05/${yy(period - 4)},20.01`,
      `,,,,,100 small donations,,05/06/${yy(period - 4)},1000.00`,
      `,,,,,30 small donations,,06/06/${yy(period - 4)},300.00`,
      `,,,,,3 small donations,,03/04/${yy(period - 3)},60.00`,
    ]);
    expect(await eligible()).not.toEqual(expect.arrayContaining([large]));
  });

  it('moves a claim from draft to submitted to paid with HMRC reference and dates, and refuses going back', async () => {
    const donor = await declaredSupporter('d@example.org');
    await fixtures.gift(donor, 5_000, `${period - 3}-09-01T12:00:00Z`);
    const made = await claim().expect(201);

    await patch(made.body.id, { status: 'paid' }).expect(409);
    const submitted = await patch(made.body.id, {
      status: 'submitted',
      hmrcReference: 'CHAR-2025-0001',
      submittedAt: `${period - 2}-01-10`,
    }).expect(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      hmrcReference: 'CHAR-2025-0001',
      submittedAt: `${period - 2}-01-10T00:00:00.000Z`,
      paidAt: null,
    });
    expect(
      (await patch(made.body.id, { status: 'paid', paidAt: `${period - 2}-01-01` }).expect(400)).body.message,
    ).toContain('paidAt');
    const paid = await patch(made.body.id, { status: 'paid', paidAt: `${period - 2}-02-03` }).expect(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      paidAt: `${period - 2}-02-03T00:00:00.000Z`,
      hmrcReference: 'CHAR-2025-0001',
    });
    expect((await patch(made.body.id, { status: 'submitted' }).expect(409)).body.code).toBe(
      'claim_status_change',
    );
    expect((await patch(made.body.id, { status: 'draft' }).expect(400)).body.message).toContain('status');
    expect(
      (await patch(made.body.id, { status: 'paid', hmrcReference: 'x'.repeat(101) }).expect(400)).body
        .message,
    ).toContain('hmrcReference');
  });

  it('releases the gifts of a rejected claim to be claimed again, keeping the rejected claim as it was', async () => {
    const donor = await declaredSupporter('e@example.org');
    const gifts = [
      await fixtures.gift(donor, 4_000, `${period - 3}-10-01T12:00:00Z`),
      await fixtures.gift(donor, 6_000, `${period - 3}-10-02T12:00:00Z`, { method: 'cheque' }),
    ];
    const first = await claim({ donationIds: gifts }).expect(201);
    expect(await eligible()).not.toEqual(expect.arrayContaining(gifts));
    await patch(first.body.id, { status: 'submitted' }).expect(200);
    const rejected = await patch(first.body.id, { status: 'rejected' }).expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.rejectedAt).not.toBeNull();

    expect(await eligible()).toEqual(expect.arrayContaining(gifts));
    const again = await claim({ donationIds: gifts }).expect(201);
    expect(again.body).toMatchObject({ donationCount: 2, totalAmount: 10_000 });
    expect((await get(`/gift-aid/claims/${first.body.id}/schedule.csv`).expect(200)).text).toContain('60.00');
    await patch(first.body.id, { status: 'submitted' }).expect(409);
  });

  it('nets a gift refunded after its claim was submitted as an adjustment in the next claim, once', async () => {
    const donor = await declaredSupporter('f@example.org');
    const refunded = await fixtures.gift(donor, 8_000, `${period - 3}-11-01T12:00:00Z`);
    const first = await claim({ donationIds: [refunded] }).expect(201);
    await patch(first.body.id, { status: 'submitted' }).expect(200);
    await harness.process(
      stripeEvent(
        'charge.refunded',
        refundedChargeObject({
          paymentIntent: await fixtures.paymentIntentOf(refunded),
          amount: 8_000,
          amountRefunded: 8_000,
        }),
      ),
    );
    expect((await get(`/gift-aid/claims/${first.body.id}`).expect(200)).body.needsAdjustment).toEqual([
      refunded,
    ]);

    const next = await claim({
      donationIds: [await fixtures.gift(donor, 1_000_00, `${period - 3}-12-01T12:00:00Z`)],
    }).expect(201);
    expect(next.body).toMatchObject({ adjustmentAmount: 8_000, adjustmentGiftAidAmount: 2_000 });
    // A rejected claim hands its adjustment on to the one after it.
    await patch(next.body.id, { status: 'rejected' }).expect(200);
    const after = await claim({
      donationIds: [await fixtures.gift(donor, 3_000, `${period - 3}-12-02T12:00:00Z`)],
    }).expect(201);
    expect(after.body.adjustmentAmount).toBe(8_000);
    await patch(after.body.id, { status: 'submitted' }).expect(200);
    const last = await claim({
      donationIds: [await fixtures.gift(donor, 3_000, `${period - 3}-12-03T12:00:00Z`)],
    }).expect(201);
    expect(last.body.adjustmentAmount).toBe(0);
  });

  it('treats an oral declaration cancelled within 30 days of its confirmation as never made: its claimed gift is netted in full', async () => {
    const donor = await fixtures.supporter('h@example.org');
    const oral = await request(harness.url)
      .post(`/supporters/${donor}/gift-aid-declarations`)
      .set('Authorization', fundraiser)
      .send(
        declarationBody({
          method: 'oral',
          declaredAt: `${period - 2}-01-15`,
          coversFrom: `${period - 3}-06-01`,
        }),
      )
      .expect(201);
    const gift = await fixtures.gift(donor, 2_500, `${period - 3}-08-01T12:00:00Z`, { method: 'cheque' });
    await request(harness.url)
      .post(`/gift-aid/declarations/${oral.body.id}/confirmation`)
      .set('Authorization', fundraiser)
      .send({ channel: 'post' })
      .expect(200);
    const made = await claim({ donationIds: [gift] }).expect(201);
    await patch(made.body.id, { status: 'submitted' }).expect(200);

    const cancelled = await request(harness.url)
      .post(`/gift-aid/declarations/${oral.body.id}/cancel`)
      .set('Authorization', fundraiser)
      .send({ from: `${period - 2}-12-01` })
      .expect(200);
    expect(cancelled.body.cancelledAt).toBe(`${period - 3}-05-31T23:00:00.000Z`);
    expect((await get(`/gift-aid/claims/${made.body.id}`).expect(200)).body.needsAdjustment).toEqual([gift]);
    const covered = await declaredSupporter('i@example.org');
    const next = await claim({
      donationIds: [await fixtures.gift(covered, 1_000, `${period - 3}-08-02T12:00:00Z`)],
    }).expect(201);
    expect(next.body.adjustmentAmount).toBe(2_500);
  });

  it("writes the schedule as an OpenDocument spreadsheet laid out like HMRC's, that unzips to its rows", async () => {
    const donor = await declaredSupporter('g@example.org');
    const gift = await fixtures.gift(donor, 12_345, `${period - 2}-01-20T12:00:00Z`);
    const made = await claim({ donationIds: [gift], aggregate: false }).expect(201);
    const ods = await get(`/gift-aid/claims/${made.body.id}/schedule.ods`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(ods.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    expect(ods.headers['content-disposition']).toContain('gift-aid-schedule.ods');

    const file = join(mkdtempSync(join(tmpdir(), 'gift-aid-')), 'schedule.ods');
    writeFileSync(file, ods.body as Buffer);
    const entries = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    expect(entries[0]).toBe('mimetype');
    expect(execFileSync('unzip', ['-p', file, 'mimetype'], { encoding: 'utf8' })).toBe(
      'application/vnd.oasis.opendocument.spreadsheet',
    );
    const content = execFileSync('unzip', ['-p', file, 'content.xml'], { encoding: 'utf8' });
    const rows = [...content.matchAll(/<table:table-row>(.*?)<\/table:table-row>/g)].map((row) =>
      [
        ...row[1]!.matchAll(
          /<table:table-cell[^>]*?(?:\/>|>(?:<text:p>(.*?)<\/text:p>)?<\/table:table-cell>)/g,
        ),
      ].map((cell) => cell[1] ?? ''),
    );
    expect(rows).toEqual([
      ['Earliest donation date in the period of claim (DD/MM/YY)', `20/01/${yy(period - 2)}`],
      [
        'Item',
        'Title',
        'First name',
        'Last name',
        'House name or number',
        'Postcode',
        'Aggregated donations',
        'Sponsored event',
        'Donation date',
        'Amount',
      ],
      ['1', 'Dr', 'Ada', 'Lovelace', '12', 'N1 1AA', '', '', `20/01/${yy(period - 2)}`, '123.45'],
    ]);
    expect(content).toContain('office:value-type="float" office:value="123.45"');
  });
});
