import { refundedChargeObject, staffBearer, stripeEvent, stripeTestId } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import { accountingPeriodOf } from './claim-lines';

/**
 * The year the current accounting period ends in (the harness's year to 31 March). Every date
 * below is a fixed day of a year counted from it: all in the past and within HMRC's time limit
 * (the current period and the 4 before it), so the suite does not age.
 */
const period = accountingPeriodOf(new Date(), '03-31');
/** The `YY` of HMRC's schedule dates. */
const yy = (year: number): string => String(year % 100).padStart(2, '0');

describe('Gift Aid', () => {
  let harness: DonationsHarness;
  let fundraiser: string;

  const declaration = async (
    first: string,
    last: string,
    house: string,
    postcode: string,
    cancelledAt?: string,
  ) => {
    const [row] = await harness.dataSource.query(
      `INSERT INTO gift_aid_declarations (title, first_name, last_name, house_name_or_number, postcode, wording_version, declared_at, cancelled_at)
       VALUES ('Mr', $1, $2, $3, $4, 'v1', $6, $5) RETURNING id`,
      [first, last, house, postcode, cancelledAt ?? null, `${period - 2}-01-01T00:00:00Z`],
    );
    return row.id as string;
  };
  const donation = async (
    declarationId: string | null,
    amount: number,
    paidAt: string,
    extra: Record<string, unknown> = {},
  ) => {
    const row = { status: 'succeeded', currency: 'gbp', refunded_amount: 0, fee_amount: 0, ...extra };
    const [inserted] = await harness.dataSource.query(
      `INSERT INTO donations (amount, fee_amount, currency, frequency, status, refunded_amount, paid_at,
         gift_aid_declaration_id, stripe_payment_intent_id)
       VALUES ($1, $2, $3, 'one_off', $4, $5, $6, $7, $8) RETURNING id`,
      [
        amount,
        row.fee_amount,
        row.currency,
        row.status,
        row.refunded_amount,
        paidAt,
        declarationId,
        stripeTestId('pi'),
      ],
    );
    return inserted.id as string;
  };
  const eligibleIds = async (): Promise<string[]> =>
    (
      await request(harness.url)
        .get('/gift-aid/eligible?limit=200')
        .set('Authorization', fundraiser)
        .expect(200)
    ).body.items
      .map((item: { donationId: string }) => item.donationId)
      .sort();
  const claim = (body: Record<string, unknown> = {}) =>
    request(harness.url).post('/gift-aid/claims').set('Authorization', fundraiser).send(body);

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    fundraiser = await staffBearer(harness.dataSource, 'fundraising');
  });
  afterAll(() => harness.close());

  it('claims succeeded, unrefunded gifts in pounds under a valid declaration, and writes the HMRC schedule', async () => {
    const ada = await declaration('Ada', 'Lovelace', '12', 'N1 1AA');
    const cancelled = await declaration(
      'Alan',
      'Turing',
      'Bletchley Park',
      'MK3 6EB',
      `${period - 2}-06-01T00:00:00Z`,
    );
    const first = await donation(ada, 1000, `${period - 2}-03-05T09:00:00Z`);
    const second = await donation(ada, 2550, `${period - 2}-04-30T23:30:00Z`, { fee_amount: 50 });
    const beforeCancelling = await donation(cancelled, 500, `${period - 2}-05-31T12:00:00Z`);
    await donation(cancelled, 500, `${period - 2}-06-02T12:00:00Z`);
    await donation(ada, 800, `${period - 2}-05-01T00:00:00Z`, { status: 'refunded', refunded_amount: 800 });
    await donation(ada, 900, `${period - 2}-05-01T00:00:00Z`, {
      status: 'partially_refunded',
      refunded_amount: 100,
    });
    await donation(ada, 900, `${period - 2}-05-01T00:00:00Z`, { currency: 'eur' });
    await donation(ada, 900, `${period - 2}-05-01T00:00:00Z`, { status: 'pending' });
    await donation(null, 900, `${period - 2}-05-01T00:00:00Z`);

    expect(await eligibleIds()).toEqual([first, second, beforeCancelling].sort());
    const created = await claim().expect(201);
    expect(created.body).toMatchObject({ donationCount: 3, totalAmount: 1000 + 2600 + 500, currency: 'gbp' });
    expect(await eligibleIds()).toEqual([]);
    expect((await claim().expect(422)).body.code).toBe('nothing_to_claim');

    const schedule = await request(harness.url)
      .get(`/gift-aid/claims/${created.body.id}/schedule.csv`)
      .set('Authorization', fundraiser)
      .expect(200);
    expect(schedule.headers['content-type']).toMatch(/^text\/csv/);
    expect(schedule.text).toBe(
      [
        'Title,First name,Last name,House name or number,Postcode,Aggregated donations,Sponsored event,Donation date,Amount',
        `Mr,Ada,Lovelace,12,N1 1AA,,,05/03/${yy(period - 2)},10.00`,
        `Mr,Ada,Lovelace,12,N1 1AA,,,01/05/${yy(period - 2)},26.00`,
        `Mr,Alan,Turing,Bletchley Park,MK3 6EB,,,31/05/${yy(period - 2)},5.00`,
        '',
      ].join('\r\n'),
    );
  });

  it('never puts a donation in two claims when claims are requested at once', async () => {
    const grace = await declaration('Grace', 'Hopper', '7', 'SW1A 2AA');
    const ids = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => donation(grace, n * 100, `${period - 2}-07-0${n}T10:00:00Z`)),
    );
    const responses = await Promise.all([claim(), claim(), claim()]);
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([201, 422, 422]);
    const [items] = await harness.dataSource.query(
      'SELECT count(*)::int AS n, count(DISTINCT claim_id)::int AS claims FROM gift_aid_claim_items WHERE donation_id = ANY($1)',
      [ids],
    );
    expect(items).toEqual({ n: 6, claims: 1 });
  });

  it("fills a claim with at most the 1,000 lines of HMRC's schedule, oldest first, and leaves the rest for the next", async () => {
    // Declared before postcodes were normalised on input: the schedule still gives HMRC's form.
    const mary = await declaration('Mary', 'Wortley-Montagu', '9', 'w1a1aa');
    await harness.dataSource.query(
      `INSERT INTO donations (amount, fee_amount, currency, frequency, status, refunded_amount, paid_at, gift_aid_declaration_id)
       SELECT 100, 0, 'gbp', 'one_off', 'succeeded', 0, $2::timestamptz + n * interval '1 minute', $1
         FROM generate_series(1, 1001) n`,
      [mary, `${period - 3}-01-01T12:00:00Z`],
    );
    const full = await claim({ aggregate: false }).expect(201);
    expect(full.body).toMatchObject({ donationCount: 1000, lineCount: 1000, totalAmount: 100_000 });
    const rest = await claim({ aggregate: false }).expect(201);
    expect(rest.body).toMatchObject({ donationCount: 1, totalAmount: 100 });
    const [newest] = (await harness.dataSource.query(
      `SELECT i.claim_id FROM gift_aid_claim_items i JOIN donations d ON d.id = i.donation_id
        WHERE d.gift_aid_declaration_id = $1 ORDER BY d.paid_at DESC LIMIT 1`,
      [mary],
    )) as { claim_id: string }[];
    expect(newest!.claim_id).toBe(rest.body.id);
    const schedule = await request(harness.url)
      .get(`/gift-aid/claims/${rest.body.id}/schedule.csv`)
      .set('Authorization', fundraiser)
      .expect(200);
    expect(schedule.text).toContain('Mr,Mary,Wortley Montagu,9,W1A 1AA,,,');
  });

  it('flags a claimed donation for adjustment when it is refunded afterwards', async () => {
    const mary = await declaration('Mary', 'Seacole', '1', 'E1 6AN');
    const id = await donation(mary, 2000, `${period - 2}-08-01T10:00:00Z`);
    const created = await claim({ donationIds: [id] }).expect(201);
    const [{ stripe_payment_intent_id: paymentIntent }] = await harness.dataSource.query(
      'SELECT stripe_payment_intent_id FROM donations WHERE id = $1',
      [id],
    );
    await harness.process(
      stripeEvent(
        'charge.refunded',
        refundedChargeObject({ paymentIntent, amount: 2000, amountRefunded: 2000 }),
      ),
    );
    const { body } = await request(harness.url)
      .get(`/gift-aid/claims/${created.body.id}`)
      .set('Authorization', fundraiser)
      .expect(200);
    expect(body.needsAdjustment).toEqual([id]);
  });

  it('lists the claims made, newest first, a page at a time', async () => {
    const list = (query: string) =>
      request(harness.url).get(`/gift-aid/claims${query}`).set('Authorization', fundraiser).expect(200);
    const made = (
      await harness.dataSource.query<{ id: string }[]>(
        'SELECT id FROM gift_aid_claims ORDER BY created_at DESC, id DESC',
      )
    ).map((row) => row.id);
    expect(made.length).toBeGreaterThanOrEqual(2);
    const first = (await list('?limit=1')).body;
    expect(first.items).toHaveLength(1);
    expect(first.items[0]).toMatchObject({ id: made[0], currency: 'gbp' });
    const rest = (await list(`?limit=100&cursor=${first.nextCursor}`)).body;
    expect([first.items[0].id, ...rest.items.map((item: { id: string }) => item.id)]).toEqual(made);
    expect(rest.nextCursor).toBeNull();
  });

  it('answers 400 for a malformed claim id and 404 for an unknown one, as JSON rather than a CSV download', async () => {
    const malformed = await request(harness.url)
      .get('/gift-aid/claims/nope/schedule.csv')
      .set('Authorization', fundraiser)
      .expect(400);
    const unknown = await request(harness.url)
      .get('/gift-aid/claims/0b7c9c9e-1f5e-4a53-9b1e-6d0f3b1f2a11/schedule.csv')
      .set('Authorization', fundraiser)
      .expect(404);
    expect(unknown.body.code).toBe('claim_not_found');
    for (const response of [malformed, unknown]) {
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['content-disposition']).toBeUndefined();
    }
    await claim({ donationIds: ['x'] }).expect(400);
    const partialDate = await claim({ paidBefore: '2024' }).expect(400);
    expect(partialDate.body.message).toContain('paidBefore');
  });
});
