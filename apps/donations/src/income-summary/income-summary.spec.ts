import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';

describe('GET /income-summary', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start();
  });
  afterAll(async () => {
    await harness.close();
  });

  /** London midnight on 1 January this year, as SQL; gifts are placed relative to it. */
  const YEAR_START = `(date_trunc('year', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London')`;
  const gift = async (
    amount: number,
    paidAt: string,
    {
      frequency = 'one_off',
      currency = 'gbp',
      status = 'succeeded',
      refunded = 0,
      campaign = null as string | null,
    } = {},
  ): Promise<void> => {
    await harness.dataSource.query(
      `INSERT INTO donations (amount, refunded_amount, currency, frequency, status, paid_at, campaign)
       VALUES ($1, $2, $3, $4, $5, ${paidAt}, $6)`,
      [amount, refunded, currency, frequency, status, campaign],
    );
  };

  it('gives each month this year against last year, one-off against monthly, and campaigns, in pounds', async () => {
    // 1 January this year (London): the first minute; and 14 days on, still January.
    await gift(1000, `${YEAR_START} + interval '1 minute'`, { campaign: 'winter' });
    await gift(2500, `${YEAR_START} + interval '14 days'`, { frequency: 'monthly' });
    await gift(3000, `${YEAR_START} + interval '15 days'`, {
      refunded: 1000,
      status: 'partially_refunded',
      campaign: 'winter',
    });
    await gift(700, `${YEAR_START} + interval '16 days'`, { status: 'failed' });
    await gift(9000, `${YEAR_START} + interval '17 days'`, { currency: 'eur' });
    // A minute before this year: last December. 40 days before: last November.
    await gift(4000, `${YEAR_START} - interval '1 minute'`);
    await gift(500, `${YEAR_START} - interval '40 days'`, { campaign: 'winter' });
    // Two years ago: counted nowhere.
    await gift(8000, `${YEAR_START} - interval '400 days'`);

    const response = await request(harness.url)
      .get('/income-summary')
      .set('Authorization', await staffBearer(harness.dataSource, 'viewer'))
      .expect(200);
    const body = response.body as {
      year: number;
      currency: string;
      months: { month: number; thisYear: number; lastYear: number; oneOff: number; monthly: number }[];
      byCampaign: { campaign: string | null; amount: number; count: number }[];
    };
    expect(body.currency).toBe('gbp');
    expect(body.months.map((month) => month.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(body.months[0]).toEqual({ month: 1, thisYear: 5500, lastYear: 0, oneOff: 3000, monthly: 2500 });
    expect(body.months[10]).toEqual({ month: 11, thisYear: 0, lastYear: 500, oneOff: 0, monthly: 0 });
    expect(body.months[11]).toEqual({ month: 12, thisYear: 0, lastYear: 4000, oneOff: 0, monthly: 0 });
    expect(body.byCampaign).toEqual([
      { campaign: 'winter', amount: 3000, count: 2 },
      { campaign: null, amount: 2500, count: 1 },
    ]);
  });

  it('is for staff only', async () => {
    await request(harness.url).get('/income-summary').expect(401);
  });
});
