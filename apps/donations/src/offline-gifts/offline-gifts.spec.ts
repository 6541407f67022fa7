import { subscribersEventsQueue } from '@crm/queues';
import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';

/** Offline gifts: recorded by staff, idempotent, refused with the field named, frozen once claimed. */
describe('offline gifts (POST/PATCH/DELETE /donations)', () => {
  let harness: DonationsHarness;
  let fundraiser: string;
  let viewer: string;
  let supporterId: string;

  const post = (body: object, key?: string, token = fundraiser): request.Test => {
    const call = request(harness.url).post('/donations').set('Authorization', token);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };
  const cheque = (overrides: object = {}): object => ({
    supporterId,
    amount: 5000,
    receivedAt: '2026-11-02',
    method: 'cheque',
    campaign: 'Winter Appeal',
    reference: '000123',
    giftAid: true,
    ...overrides,
  });

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    [fundraiser, viewer] = await Promise.all([
      staffBearer(harness.dataSource, 'fundraising'),
      staffBearer(harness.dataSource, 'viewer'),
    ]);
    const [row] = (await harness.dataSource.query(
      `INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
       VALUES ('ada@example.org', 'ada@example.org', 'Ada', 'Lovelace', 'test') RETURNING id`,
    )) as { id: string }[];
    supporterId = row!.id;
  });
  afterAll(() => harness.close());

  it('records a cheque for a supporter, received at noon London time on its date, listed and readable', async () => {
    const created = await post(cheque()).expect(201);
    expect(created.body).toMatchObject({
      supporterId,
      amount: 5000,
      currency: 'gbp',
      status: 'succeeded',
      frequency: 'one_off',
      method: 'cheque',
      reference: '000123',
      campaign: 'Winter Appeal',
      giftAidApplies: true,
      paidAt: '2026-11-02T12:00:00.000Z',
    });
    const one = await request(harness.url)
      .get(`/donations/${created.body.id}`)
      .set('Authorization', viewer)
      .expect(200);
    expect(one.body.id).toBe(created.body.id);
    const listed = await request(harness.url)
      .get('/donations?method=cheque')
      .set('Authorization', viewer)
      .expect(200);
    expect(listed.body.items.map((gift: { id: string }) => gift.id)).toContain(created.body.id);
    const summer = await post(cheque({ receivedAt: '15/07/2026', reference: '000124' })).expect(201);
    // 12:00 in London is 11:00 UTC under British Summer Time: the same day either way.
    expect(summer.body.paidAt).toBe('2026-07-15T11:00:00.000Z');
  });

  it('a standing order counts as monthly giving', async () => {
    const created = await post(cheque({ method: 'standing_order', reference: 'SO-1' })).expect(201);
    expect(created.body.frequency).toBe('monthly');
  });

  it('is idempotent on Idempotency-Key: a repeat answers the same gift and records nothing more', async () => {
    const first = await post(cheque({ reference: 'idem' }), 'gift-key-0001').expect(201);
    const again = await post(cheque({ reference: 'idem' }), 'gift-key-0001').expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect((await harness.donations()).filter((row) => row.id === first.body.id)).toHaveLength(1);
    const rows = await harness.dataSource.query(
      `SELECT count(*)::int AS n FROM donations WHERE reference = 'idem'`,
    );
    expect(rows[0].n).toBe(1);
    const reused = await post(cheque({ reference: 'idem', amount: 9999 }), 'gift-key-0001').expect(409);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  it.each([
    ['method', { method: 'bitcoin' }],
    ['amount', { amount: 0 }],
    ['amount', { amount: 12.5 }],
    ['receivedAt', { receivedAt: '31/02/2026' }],
    ['receivedAt', { receivedAt: '2099-01-01' }],
    ['currency', { currency: 'usd' }],
    ['supporterId', { supporterId: undefined }],
    ['supporterId', { supporterId: '4f1c1d1e-0000-4000-8000-000000000000' }],
    ['email', { email: 'ada@example.org' }],
    ['reference', { reference: 'a\nb' }],
  ])('refuses a bad %s with a 400 naming it, and records nothing', async (field, overrides) => {
    const before = (await harness.donations()).length;
    const refused = await post(cheque(overrides)).expect(400);
    expect(refused.body.message).toContain(field);
    expect((await harness.donations()).length).toBe(before);
  });

  it('refuses the read-only viewer', async () => {
    await post(cheque(), undefined, viewer).expect(403);
  });

  it('finds or creates an unknown donor through record-donor, as for a Stripe gift', async () => {
    const created = await post({
      email: 'New.Donor@Example.org',
      firstName: 'Nell',
      lastName: 'Donor',
      amount: 2000,
      receivedAt: '2026-11-20',
      method: 'cash',
    }).expect(201);
    expect(created.body.supporterId).toBeNull();
    const jobs = await harness.jobsIn(subscribersEventsQueue.name);
    const job = jobs.find((candidate) => candidate.id === `donor-${created.body.id}`);
    expect(job?.name).toBe('record-donor');
    expect(job?.data).toEqual({
      email: 'New.Donor@Example.org',
      name: 'Nell Donor',
      donationId: created.body.id,
    });
  });

  it('links a known email to its supporter at once', async () => {
    const created = await post({
      email: 'ADA@example.org',
      amount: 700,
      receivedAt: '2026-11-21',
      method: 'cash',
    });
    expect(created.status).toBe(201);
    expect(created.body.supporterId).toBe(supporterId);
  });

  it('is corrected and deleted until a Gift Aid claim holds it, then 409', async () => {
    const gift = (await post(cheque({ reference: 'edit-me' })).expect(201)).body as { id: string };
    const edited = await request(harness.url)
      .patch(`/donations/${gift.id}`)
      .set('Authorization', fundraiser)
      .send({ amount: 5500, method: 'bank_transfer', receivedAt: '2026-11-03' })
      .expect(200);
    expect(edited.body).toMatchObject({
      amount: 5500,
      method: 'bank_transfer',
      paidAt: '2026-11-03T12:00:00.000Z',
    });

    const [claim] = await harness.dataSource.query(
      `INSERT INTO gift_aid_claims (donation_count, total_amount, currency) VALUES (1, 5500, 'gbp') RETURNING id`,
    );
    await harness.dataSource.query(
      `INSERT INTO gift_aid_claim_items (donation_id, claim_id, amount) VALUES ($1, $2, 5500)`,
      [gift.id, claim.id],
    );
    const blocked = await request(harness.url)
      .patch(`/donations/${gift.id}`)
      .set('Authorization', fundraiser)
      .send({ amount: 1 })
      .expect(409);
    expect(blocked.body.code).toBe('gift_in_claim');
    await request(harness.url).delete(`/donations/${gift.id}`).set('Authorization', fundraiser).expect(409);
    const [kept] = await harness.dataSource.query(`SELECT amount FROM donations WHERE id = $1`, [gift.id]);
    expect(kept.amount).toBe(5500);

    // A rejected claim releases the gift: it may be corrected again, but its record keeps it.
    await harness.dataSource.query(`UPDATE gift_aid_claim_items SET released = true WHERE donation_id = $1`, [
      gift.id,
    ]);
    await request(harness.url)
      .patch(`/donations/${gift.id}`)
      .set('Authorization', fundraiser)
      .send({ amount: 5600 })
      .expect(200);
    const kept409 = await request(harness.url)
      .delete(`/donations/${gift.id}`)
      .set('Authorization', fundraiser)
      .expect(409);
    expect(kept409.body.code).toBe('gift_in_claim');

    const loose = (await post(cheque({ reference: 'delete-me' })).expect(201)).body as { id: string };
    await request(harness.url).delete(`/donations/${loose.id}`).set('Authorization', fundraiser).expect(204);
    await request(harness.url).get(`/donations/${loose.id}`).set('Authorization', fundraiser).expect(404);
  });

  it('never changes a Stripe gift by hand', async () => {
    const [stripeGift] = await harness.dataSource.query(
      `INSERT INTO donations (amount, currency, frequency, status, paid_at) VALUES (1000, 'gbp', 'one_off', 'succeeded', now()) RETURNING id`,
    );
    const refused = await request(harness.url)
      .delete(`/donations/${stripeGift.id}`)
      .set('Authorization', fundraiser)
      .expect(409);
    expect(refused.body.code).toBe('not_offline_gift');
  });

  describe('naming a supporter merged into another', () => {
    const supporter = async (email: string): Promise<string> => {
      const [row] = (await harness.dataSource.query(
        `INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
         VALUES ($1, $1, 'Mary', 'Somerville', 'test') RETURNING id`,
        [email],
      )) as { id: string }[];
      return row!.id;
    };
    /** As the subscribers app leaves a merged duplicate: no personal data, pointing at the kept record. */
    const mergeInto = (
      keptId: string,
      mergedId: string,
      db: { query: typeof harness.dataSource.query } = harness.dataSource,
    ) =>
      db.query(
        `UPDATE supporters SET email = NULL, email_normalised = NULL, first_name = NULL, last_name = NULL,
           merged_into_id = $1, merged_at = now() WHERE id = $2`,
        [keptId, mergedId],
      );
    const giving = async (id: string): Promise<{ gift_count: number; total: number } | undefined> =>
      (
        (await harness.dataSource.query(
          'SELECT gift_count, total::int AS total FROM supporter_giving WHERE supporter_id = $1',
          [id],
        )) as { gift_count: number; total: number }[]
      )[0];

    it("records the gift on the kept record, following a chain of merges, and it counts in that record's giving", async () => {
      const kept = await supporter('mary@example.org');
      const middle = await supporter('mary.s@example.org');
      const oldest = await supporter('m.somerville@example.org');
      await mergeInto(kept, middle);
      await mergeInto(middle, oldest);

      const created = await post(
        cheque({ supporterId: oldest, amount: 2_500, reference: 'merged-1' }),
      ).expect(201);
      expect(created.body.supporterId).toBe(kept);
      expect(await giving(kept)).toEqual({ gift_count: 1, total: 2_500 });
      expect(await giving(oldest)).toBeUndefined();
      expect(await giving(middle)).toBeUndefined();

      const moved = await request(harness.url)
        .patch(`/donations/${(await post(cheque({ reference: 'merged-2' })).expect(201)).body.id}`)
        .set('Authorization', fundraiser)
        .send({ supporterId: middle })
        .expect(200);
      expect(moved.body.supporterId).toBe(kept);
      expect(await giving(kept)).toEqual({ gift_count: 2, total: 7_500 });
    });

    it('waits for a merge in progress and then records the gift on the record kept', async () => {
      const kept = await supporter('caroline@example.org');
      const duplicate = await supporter('c.herschel@example.org');
      const merge = harness.dataSource.createQueryRunner();
      await merge.connect();
      try {
        await merge.startTransaction();
        await merge.query('SELECT id FROM supporters WHERE id = ANY($1) ORDER BY id FOR UPDATE', [
          [kept, duplicate],
        ]);
        await mergeInto(kept, duplicate, merge);
        const pending = post(cheque({ supporterId: duplicate, reference: 'during-merge' })).then(
          (response) => response,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        await merge.commitTransaction();
        const created = await pending;
        expect(created.status).toBe(201);
        expect(created.body.supporterId).toBe(kept);
      } finally {
        await merge.release();
      }
    });
  });

  it('counts in the summary beside Stripe gifts', async () => {
    const summary = await request(harness.url)
      .get('/donations/summary?from=2026-11-01&to=2026-11-30')
      .set('Authorization', viewer)
      .expect(200);
    const winter = summary.body.byCampaign.find(
      (row: { campaign: string | null }) => row.campaign === 'Winter Appeal',
    );
    expect(winter.count).toBeGreaterThanOrEqual(2);
  });
});
