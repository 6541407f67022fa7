import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import { declarationBody, GiftAidFixtures } from '../../test/gift-aid-fixtures';
import { accountingPeriodOf } from './claim-lines';
import { accountingPeriodEndsAt } from './claim-time-limit';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * HMRC's time limit (the harness's accounting year ends on 31 March, the default): a claim made
 * today takes gifts of the current accounting period and the 4 before it, never older ones,
 * whatever a declaration covers. Dates are relative to today, so the suite does not age.
 */
describe("Gift Aid claims within HMRC's 4-year time limit", () => {
  let harness: DonationsHarness;
  let fixtures: GiftAidFixtures;
  let fundraiser: string;

  const now = new Date();
  const current = accountingPeriodOf(now, '03-31');
  /** The first instant a claim made today may reach: the start of the period 4 before this one. */
  const earliest = accountingPeriodEndsAt(current - 5, '03-31');
  const iso = (at: Date): string => at.toISOString();
  const yearBeforeLimit = iso(new Date(earliest.getTime() - 365 * DAY));
  const backdated = new Date(earliest.getTime() - 4 * 365 * DAY).toISOString().slice(0, 10);

  const get = (path: string) => request(harness.url).get(path).set('Authorization', fundraiser);
  const claim = (body: Record<string, unknown> = {}) =>
    request(harness.url).post('/gift-aid/claims').set('Authorization', fundraiser).send(body);

  beforeAll(async () => {
    harness = await DonationsHarness.start({ GIFT_AID_ACCOUNTING_PERIOD_END: '03-31' });
    fixtures = new GiftAidFixtures(harness.dataSource);
    fundraiser = await staffBearer(harness.dataSource, 'fundraising');
  });
  afterAll(() => harness.close());

  it('claims the gifts a declaration made years ago covers while still in time, and counts the older ones as lost', async () => {
    const ada = await fixtures.supporter('ada@example.org');
    // Received in the middle of the accounting period 5 before this one: past the limit.
    const fivePeriodsAgo = await fixtures.gift(ada, 10_000, iso(new Date(earliest.getTime() - 180 * DAY)), {
      method: 'cheque',
    });
    // The last hour of that period, and the first hour of the next (the oldest still in time).
    const justOutside = await fixtures.gift(ada, 2_000, iso(new Date(earliest.getTime() - HOUR)), {
      method: 'bank_transfer',
    });
    const justInside = await fixtures.gift(ada, 4_000, iso(new Date(earliest.getTime() + HOUR)), {
      method: 'cheque',
    });
    const lastMonth = await fixtures.gift(ada, 3_000, iso(new Date(now.getTime() - 30 * DAY)));

    // Made a year before the oldest gift still in time, covering the 3 years before that and onwards.
    await request(harness.url)
      .post(`/supporters/${ada}/gift-aid-declarations`)
      .set('Authorization', fundraiser)
      .send(declarationBody({ declaredAt: yearBeforeLimit, coversFrom: backdated }))
      .expect(201);

    const eligible = (await get('/gift-aid/eligible?limit=200').expect(200)).body.items as {
      donationId: string;
      claimBy: string;
    }[];
    expect(eligible.map((item) => item.donationId).sort()).toEqual([justInside, lastMonth].sort());
    // The oldest still in time must be claimed by the end of the current accounting period.
    expect(eligible.find((item) => item.donationId === justInside)?.claimBy).toBe(`${current}-03-31`);
    expect(eligible.find((item) => item.donationId === lastMonth)?.claimBy).toBe(`${current + 4}-03-31`);

    const summary = (await get('/gift-aid/eligible/summary').expect(200)).body;
    expect(summary).toEqual({
      count: 2,
      totalAmount: 7_000,
      giftAidAmount: 1_750,
      currency: 'gbp',
      oldestClaimBy: `${current}-03-31`,
      timeLimit: {
        years: 4,
        receivedSince: earliest.toISOString(),
        lostCount: 2,
        lostAmount: 12_000,
        lostGiftAidAmount: 3_000,
      },
    });

    // Named by id, a gift past the limit is still not claimed.
    expect((await claim({ donationIds: [fivePeriodsAgo, justOutside] }).expect(422)).body.code).toBe(
      'nothing_to_claim',
    );
    const created = await claim().expect(201);
    // The claim must reach HMRC by its oldest gift's last day.
    expect(created.body).toMatchObject({
      donationCount: 2,
      totalAmount: 7_000,
      submitBy: `${current}-03-31`,
    });
    const [{ claimed }] = (await harness.dataSource.query(
      `SELECT array_agg(donation_id ORDER BY donation_id) AS claimed FROM gift_aid_claim_items WHERE claim_id = $1`,
      [created.body.id],
    )) as { claimed: string[] }[];
    expect(claimed).toEqual([justInside, lastMonth].sort());

    // Nothing is left to claim; the lost gifts stay counted as lost.
    const after = (await get('/gift-aid/eligible/summary').expect(200)).body;
    expect(after).toMatchObject({ count: 0, totalAmount: 0, oldestClaimBy: null });
    expect(after.timeLimit).toMatchObject({ lostCount: 2, lostAmount: 12_000, lostGiftAidAmount: 3_000 });
    expect((await claim().expect(422)).body.code).toBe('nothing_to_claim');
  });

  it('counts as lost only gifts HMRC would otherwise take: not an offline gift not marked for Gift Aid, nor one no declaration covers', async () => {
    const before = (await get('/gift-aid/eligible/summary').expect(200)).body.timeLimit.lostCount;
    const old = iso(new Date(earliest.getTime() - 60 * DAY));
    const undeclared = await fixtures.supporter('grace@example.org');
    await fixtures.gift(undeclared, 5_000, old, { method: 'cheque' });
    const alan = await fixtures.supporter('alan@example.org');
    await fixtures.gift(alan, 5_000, old, { method: 'cheque', giftAidApplies: false });
    await request(harness.url)
      .post(`/supporters/${alan}/gift-aid-declarations`)
      .set('Authorization', fundraiser)
      .send(declarationBody({ declaredAt: yearBeforeLimit, coversFrom: backdated }))
      .expect(201);
    const after = (await get('/gift-aid/eligible/summary').expect(200)).body.timeLimit.lostCount;
    expect(after).toBe(before);
  });
});
