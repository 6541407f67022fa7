import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';

describe('donations dashboard', () => {
  let harness: DonationsHarness;

  beforeAll(async () => {
    harness = await DonationsHarness.start();
  });
  afterAll(async () => {
    await harness.close();
  });

  /** `paidAt` is SQL, so periods are those of Europe/London on the day the test runs. */
  const gift = async (
    amount: number,
    paidAt: string,
    {
      currency = 'gbp',
      status = 'succeeded',
      refunded = 0,
      fee = 0,
      declaration = null as string | null,
    } = {},
  ): Promise<void> => {
    await harness.dataSource.query(
      `INSERT INTO donations (amount, fee_amount, refunded_amount, currency, frequency, status, paid_at, gift_aid_declaration_id)
       VALUES ($1, $2, $3, $4, 'one_off', $5, ${paidAt}, $6)`,
      [amount, fee, refunded, currency, status, declaration],
    );
  };
  const MONTH_START = `(date_trunc('month', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London')`;
  const YEAR_START = `(date_trunc('year', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London')`;

  it('gives income this month and year to date, monthly donors and the Gift Aid claimable now, to a viewer', async () => {
    const db = harness.dataSource;
    const [{ january }] = (await db.query(`SELECT ${MONTH_START} = ${YEAR_START} AS january`)) as {
      january: boolean;
    }[];
    const [{ id: declaration }] = (await db.query(
      `INSERT INTO gift_aid_declarations (first_name, last_name, house_name_or_number, postcode, wording_version, declared_at)
       VALUES ('Sam', 'Smith', '1', 'SW1A 1AA', 'v1', '2020-01-01T00:00:00Z') RETURNING id`,
    )) as { id: string }[];

    await gift(1000, `${MONTH_START} + interval '1 minute'`, { declaration });
    await gift(2000, `${MONTH_START} + interval '2 minutes'`, {
      refunded: 500,
      status: 'partially_refunded',
    });
    await gift(700, `${MONTH_START} + interval '3 minutes'`, {
      refunded: 700,
      status: 'refunded',
      declaration,
    });
    await gift(9999, `${MONTH_START} + interval '4 minutes'`, { status: 'failed' });
    await gift(1500, `${MONTH_START} + interval '5 minutes'`, { currency: 'eur' });
    // A minute before this month: last month, and this year unless this is January.
    await gift(4000, `${MONTH_START} - interval '1 minute'`, { declaration, fee: 100 });
    await gift(8000, `${YEAR_START} - interval '1 minute'`);

    await db.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, supporter_id, amount, currency, status) VALUES
         ('sub_a', NULL, 500, 'gbp', 'active'), ('sub_b', NULL, 1000, 'gbp', 'active'),
         ('sub_c', NULL, 300, 'eur', 'active'), ('sub_d', NULL, 2500, 'gbp', 'cancelled')`,
    );

    const { body } = await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await staffBearer(db, 'viewer'))
      .expect(200);

    const [{ month, year }] = (await db.query(`SELECT ${MONTH_START} AS month, ${YEAR_START} AS year`)) as {
      month: Date;
      year: Date;
    }[];
    expect(body).toEqual({
      thisMonth: {
        from: month.toISOString(),
        totals: [
          { currency: 'eur', amount: 1500, count: 1 },
          { currency: 'gbp', amount: 2500, count: 2 },
        ],
      },
      yearToDate: {
        from: year.toISOString(),
        totals: [
          { currency: 'eur', amount: 1500, count: 1 },
          january ? { currency: 'gbp', amount: 2500, count: 2 } : { currency: 'gbp', amount: 6500, count: 3 },
        ],
      },
      monthlyDonors: {
        donors: 3,
        monthlyIncome: [
          { currency: 'eur', amount: 300 },
          { currency: 'gbp', amount: 1500 },
        ],
      },
      // The £10 and the £40 + £1 fee gifts under the declaration; the refunded one is not claimable.
      giftAidClaimable: { donations: 2, donationsAmount: 5100, reclaimable: 1275, currency: 'gbp' },
    });
  });

  it('answers an empty period with no totals, and refuses a role without donations:read', async () => {
    const db = harness.dataSource;
    await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await staffBearer(db, 'comms'))
      .expect(403);
    await db.query('DELETE FROM donations');
    const { body } = await request(harness.url)
      .get('/dashboard')
      .set('Authorization', await staffBearer(db, 'fundraising'))
      .expect(200);
    expect(body.thisMonth.totals).toEqual([]);
    expect(body.giftAidClaimable).toEqual({
      donations: 0,
      donationsAmount: 0,
      reclaimable: 0,
      currency: 'gbp',
    });
  });
});
