import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';

interface Seed {
  amount: number;
  status?: string;
  frequency?: string;
  campaign?: string | null;
  email?: string | null;
  donorName?: string | null;
  currency?: string;
  paidAt: string;
  refunded?: number;
}

describe('staff donation reports', () => {
  let harness: DonationsHarness;
  let fundraiser: string;
  let viewer: string;
  let comms: string;
  const seeded: string[] = [];

  const seed = async (row: Seed): Promise<string> => {
    const [inserted] = await harness.dataSource.query(
      `INSERT INTO donations (amount, status, frequency, campaign, email, donor_name, currency, paid_at, refunded_amount)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        row.amount,
        row.status ?? 'succeeded',
        row.frequency ?? 'one_off',
        row.campaign ?? null,
        row.email ?? null,
        row.donorName ?? null,
        row.currency ?? 'gbp',
        row.paidAt,
        row.refunded ?? 0,
      ],
    );
    seeded.push(inserted.id);
    return inserted.id;
  };

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    [fundraiser, viewer, comms] = await Promise.all([
      staffBearer(harness.dataSource, 'fundraising'),
      staffBearer(harness.dataSource, 'viewer'),
      staffBearer(harness.dataSource, 'comms'),
    ]);
    await seed({
      amount: 1000,
      campaign: 'spring',
      email: 'ada@example.org',
      paidAt: '2026-09-03T10:00:00Z',
    });
    await seed({ amount: 2500, campaign: 'spring', frequency: 'monthly', paidAt: '2026-10-01T10:00:00Z' });
    await seed({
      amount: 500,
      campaign: 'autumn',
      status: 'refunded',
      refunded: 500,
      paidAt: '2026-10-15T10:00:00Z',
    });
    await seed({ amount: 700, status: 'pending', paidAt: '2026-10-20T10:00:00Z' });
    await seed({
      amount: 4000,
      currency: 'eur',
      donorName: '=HYPERLINK("http://evil")',
      paidAt: '2026-11-02T10:00:00Z',
    });
    await harness.dataSource.query(
      `INSERT INTO recurring_donations (stripe_subscription_id, amount, currency, status, email)
       VALUES ('sub_a', 1000, 'gbp', 'active', 'a@example.org'), ('sub_b', 500, 'gbp', 'active', 'b@example.org'),
              ('sub_c', 900, 'gbp', 'cancelled', 'c@example.org')`,
    );
  });
  afterAll(() => harness.close());

  const get = (path: string, token = fundraiser) =>
    request(harness.url).get(path).set('Authorization', token);

  it.each([
    ['/donations'],
    ['/donations/summary'],
    ['/donations/export.csv'],
    ['/recurring'],
    ['/gift-aid/eligible'],
    ['/gift-aid/claims/0b7c9c9e-1f5e-4a53-9b1e-6d0f3b1f2a11/schedule.csv'],
  ])('GET %s refuses no token (401) and a comms token (403)', async (path) => {
    await request(harness.url).get(path).expect(401);
    await get(path, comms).expect(403);
    await get(path, 'Bearer not-a-token').expect(401);
  });

  it('refuses to let a viewer create a Gift Aid claim', async () => {
    await request(harness.url).post('/gift-aid/claims').send({}).expect(401);
    await request(harness.url).post('/gift-aid/claims').set('Authorization', viewer).send({}).expect(403);
  });

  it('names the Gift Aid claim holding a gift on its page, none once a rejection releases it', async () => {
    // Not through seed(): the gift is gone again before the listing tests count the seeded ones.
    const [{ id }] = (await harness.dataSource.query(
      `INSERT INTO donations (amount, status, frequency, currency, paid_at) VALUES (4200, 'succeeded', 'one_off', 'gbp', '2026-08-01T10:00:00Z') RETURNING id`,
    )) as { id: string }[];
    const page = () => request(harness.url).get(`/donations/${id}`).set('Authorization', viewer).expect(200);
    expect((await page()).body.giftAidClaim).toBeNull();
    const [claim] = await harness.dataSource.query(
      `INSERT INTO gift_aid_claims (donation_count, total_amount, currency) VALUES (1, 4200, 'gbp') RETURNING id`,
    );
    await harness.dataSource.query(
      `INSERT INTO gift_aid_claim_items (donation_id, claim_id, amount) VALUES ($1, $2, 4200)`,
      [id, claim.id],
    );
    expect((await page()).body.giftAidClaim).toMatchObject({ id: claim.id, status: 'draft' });
    await harness.dataSource.query(`UPDATE gift_aid_claim_items SET released = true WHERE donation_id = $1`, [
      id,
    ]);
    expect((await page()).body.giftAidClaim).toBeNull();
    await harness.dataSource.query(`DELETE FROM gift_aid_claim_items WHERE donation_id = $1`, [id]);
    await harness.dataSource.query(`DELETE FROM gift_aid_claims WHERE id = $1`, [claim.id]);
    await harness.dataSource.query(`DELETE FROM donations WHERE id = $1`, [id]);
  });

  it('lists donations newest first, page by page, with no gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await get(
        `/donations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        viewer,
      ).expect(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seeded].reverse());
  });

  it('filters by campaign, status, frequency, email and paid date', async () => {
    const ids = async (query: string) =>
      (await get(`/donations?${query}`).expect(200)).body.items
        .map((item: { amount: number }) => item.amount)
        .sort((a: number, b: number) => a - b);
    expect(await ids('campaign=spring')).toEqual([1000, 2500]);
    expect(await ids('status=refunded')).toEqual([500]);
    expect(await ids('frequency=monthly')).toEqual([2500]);
    expect(await ids('email=ADA@example.org')).toEqual([1000]);
    expect(await ids('from=2026-10-01T00:00:00Z&to=2026-10-16T00:00:00Z')).toEqual([500, 2500]);
    // A date alone as the end covers that whole day; a date-time ends where it says.
    expect(await ids('from=2026-10-15&to=2026-10-15')).toEqual([500]);
    expect(await ids('from=2026-10-01&to=2026-10-15T10:00:00Z')).toEqual([2500]);
  });

  it.each([
    ['status=lost'],
    ['supporterId=42'],
    ['from=yesterday'],
    ['from=2024-05'],
    ['to=2024'],
    ['from=2024-02-30'],
    ['to=2024-01-01T10'],
    ['to=2026-10-01T00:00:00Z&from=2026-10-16T00:00:00Z'],
    ['to=2026-10-15&from=2026-10-16'],
    ['cursor=bm9wZQ'],
    ['limit=0'],
    ['colour=red'],
  ])('answers 400 naming the field for %s', async (query) => {
    const response = await get(`/donations?${query}`).expect(400);
    expect(response.body.message).toContain(query.split('=')[0]);
  });

  it.each([['from=2024'], ['to=2024-W01'], ['to=2026-01-01T00:00:00Z&from=2026-02-01T00:00:00%2B01:00']])(
    'answers 400 naming the field for the summary with %s',
    async (query) => {
      const response = await get(`/donations/summary?${query}`).expect(400);
      expect(response.body.message).toContain(query.split('=')[0]);
    },
  );

  it('totals gifts per month and per campaign, and monthly income from active gifts', async () => {
    const { body } = await get('/donations/summary').expect(200);
    expect(body.byMonth).toEqual([
      { month: '2026-09', currency: 'gbp', count: 1, amount: 1000, refundedAmount: 0 },
      { month: '2026-10', currency: 'gbp', count: 2, amount: 3000, refundedAmount: 500 },
      { month: '2026-11', currency: 'eur', count: 1, amount: 4000, refundedAmount: 0 },
    ]);
    expect(body.byCampaign).toEqual([
      { campaign: 'autumn', currency: 'gbp', count: 1, amount: 500, refundedAmount: 500 },
      { campaign: 'spring', currency: 'gbp', count: 2, amount: 3500, refundedAmount: 0 },
      { campaign: null, currency: 'eur', count: 1, amount: 4000, refundedAmount: 0 },
    ]);
    expect(body.recurring).toEqual([{ currency: 'gbp', activeDonors: 2, amount: 1500 }]);
  });

  it('exports the filtered donations as CSV with formula cells neutralised', async () => {
    const response = await get('/donations/export.csv?from=2026-11-01T00:00:00Z').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,paid_at,created_at,status,frequency,amount,fee_amount,refunded_amount,currency,campaign,email,donor_name,supporter_id,recurring_donation_id,gift_aid,dispute_status,method,reference',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,4000,0,0,eur,,,"'=HYPERLINK(""http://evil"")",,,no,`);
  });

  it('lists monthly gifts with a status filter', async () => {
    const { body } = await get('/recurring?status=active').expect(200);
    expect(
      body.items.map((item: { amount: number }) => item.amount).sort((a: number, b: number) => a - b),
    ).toEqual([500, 1000]);
    expect(body.nextCursor).toBeNull();
  });
});
