import { transactionalMailQueue } from '@crm/queues';
import { staffBearer } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../test/donations-harness';
import { declarationBody, GiftAidFixtures } from '../../test/gift-aid-fixtures';
import { accountingPeriodOf } from '../gift-aid/claim-lines';

/**
 * The year the current accounting period ends in (the harness's year to 31 March). Every date
 * below is a fixed day of a year counted from it: all in the past and within HMRC's time limit
 * (the current period and the 4 before it), so the suite does not age.
 */
const period = accountingPeriodOf(new Date(), '03-31');

describe('Gift Aid declarations', () => {
  let harness: DonationsHarness;
  let fixtures: GiftAidFixtures;
  let fundraiser: string;
  let viewer: string;

  const declare = (supporterId: string, body: Record<string, unknown>, as = fundraiser) =>
    request(harness.url)
      .post(`/supporters/${supporterId}/gift-aid-declarations`)
      .set('Authorization', as)
      .send(declarationBody(body));
  const eligible = async (): Promise<string[]> =>
    (
      await request(harness.url)
        .get('/gift-aid/eligible?limit=200')
        .set('Authorization', fundraiser)
        .expect(200)
    ).body.items.map((item: { donationId: string }) => item.donationId);
  const post = (path: string, body: Record<string, unknown> = {}) =>
    request(harness.url).post(path).set('Authorization', fundraiser).send(body);

  beforeAll(async () => {
    harness = await DonationsHarness.start();
    fixtures = new GiftAidFixtures(harness.dataSource);
    [fundraiser, viewer] = await Promise.all([
      staffBearer(harness.dataSource, 'fundraising'),
      staffBearer(harness.dataSource, 'viewer'),
    ]);
  });
  afterAll(() => harness.close());

  it("keeps an oral declaration's gifts out of a claim until its written confirmation is emailed, then claims them", async () => {
    const ada = await fixtures.supporter('ada@example.org');
    const cheque = await fixtures.gift(ada, 5_000, `${period - 3}-06-01T12:00:00Z`, { method: 'cheque' });
    const card = await fixtures.gift(ada, 2_500, `${period - 2}-02-01T12:00:00Z`);
    const oral = await declare(ada, {
      method: 'oral',
      declaredAt: `${period - 2}-01-15`,
      coversFrom: `${period - 3}-01-01`,
      evidenceNote: 'Phone call with the supporter care team',
    }).expect(201);
    expect(oral.body).toMatchObject({
      supporterId: ada,
      method: 'oral',
      postcode: 'N1 1AA',
      coversFuture: true,
      awaitingConfirmation: true,
      confirmationSentAt: null,
      coverage: `donations made since 01/01/${period - 3} and all future donations`,
    });

    expect(await eligible()).not.toEqual(expect.arrayContaining([cheque]));
    expect(await eligible()).not.toEqual(expect.arrayContaining([card]));
    const awaiting = await request(harness.url)
      .get('/gift-aid/declarations/awaiting-confirmation')
      .set('Authorization', viewer)
      .expect(200);
    expect(awaiting.body.items).toEqual([expect.objectContaining({ id: oral.body.id, canEmail: true })]);

    const sent = await post('/gift-aid/declarations/confirmations').expect(200);
    expect(sent.body).toEqual({ emailed: [oral.body.id], needLetter: [] });
    const mail = (await harness.jobsIn(transactionalMailQueue.name)).filter(
      (job) => job.data.template === 'gift-aid-confirmation',
    );
    expect(mail.map((job) => job.data)).toEqual([
      { template: 'gift-aid-confirmation', reference: oral.body.id, declarationId: oral.body.id },
    ]);

    expect(await eligible()).toEqual(expect.arrayContaining([cheque, card]));
    const [listed] = (
      await request(harness.url)
        .get(`/supporters/${ada}/gift-aid-declarations`)
        .set('Authorization', viewer)
        .expect(200)
    ).body.items;
    expect(listed).toMatchObject({ confirmationChannel: 'email', awaitingConfirmation: false });
    expect(listed.confirmationSentAt).not.toBeNull();
    // Sending again sends nothing more.
    expect((await post('/gift-aid/declarations/confirmations').expect(200)).body.emailed).toEqual([]);
  });

  it('confirms an oral declaration by a printed letter stating the 30-day right to cancel, once staff record it posted', async () => {
    const grace = await fixtures.supporter('grace@example.org');
    const gift = await fixtures.gift(grace, 1_000, `${period - 2}-03-01T12:00:00Z`, { method: 'cash' });
    const oral = await declare(grace, { method: 'oral', declaredAt: `${period - 2}-02-20` }).expect(201);

    await harness.dataSource.query(
      `UPDATE supporters SET address_lines = '{"12 Analytical Row"}', town = 'London', postcode = 'N1 1AA' WHERE id = $1`,
      [grace],
    );
    const letter = await request(harness.url)
      .get(`/gift-aid/declarations/${oral.body.id}/confirmation-letter`)
      .set('Authorization', viewer)
      .expect(200);
    expect(letter.headers['content-type']).toMatch(/^text\/html/);
    expect(letter.text).toContain(
      '<address>Dr Ada Lovelace<br>12 Analytical Row<br>London<br>N1 1AA</address>',
    );
    expect(letter.text).toContain('You have the right to cancel this declaration within 30 days');
    expect(letter.text).toContain(`donations made from 20/02/${period - 2} onwards`);
    expect(await eligible()).not.toContain(gift);

    const posted = await post(`/gift-aid/declarations/${oral.body.id}/confirmation`, {
      channel: 'post',
    }).expect(200);
    expect(posted.body).toMatchObject({ confirmationChannel: 'post', awaitingConfirmation: false });
    expect(await eligible()).toContain(gift);
    const written = await declare(grace, { method: 'written' }).expect(201);
    expect(
      (await post(`/gift-aid/declarations/${written.body.id}/confirmation`, { channel: 'post' }).expect(409))
        .body.code,
    ).toBe('not_oral');
  });

  it('covers past gifts from the date a declaration names, but none before it nor after it when it covers no future gifts', async () => {
    const alan = await fixtures.supporter('alan@example.org');
    const tooEarly = await fixtures.gift(alan, 1_000, `${period - 5}-12-31T12:00:00Z`, { method: 'cheque' });
    const covered = await fixtures.gift(alan, 1_000, `${period - 4}-06-01T12:00:00Z`, {
      method: 'bank_transfer',
    });
    const after = await fixtures.gift(alan, 1_000, `${period - 2}-02-01T12:00:00Z`);
    await declare(alan, {
      declaredAt: `${period - 2}-01-15`,
      coversFrom: `${period - 4}-01-01`,
      coversFuture: false,
    }).expect(201);

    const claimable = await eligible();
    expect(claimable).toContain(covered);
    expect(claimable).not.toContain(tooEarly);
    expect(claimable).not.toContain(after);
  });

  it('stops covering gifts paid from the date a declaration is cancelled from', async () => {
    const mary = await fixtures.supporter('mary@example.org');
    const before = await fixtures.gift(mary, 1_500, `${period - 2}-03-01T12:00:00Z`);
    const later = await fixtures.gift(mary, 1_500, `${period - 2}-05-01T12:00:00Z`, { method: 'cheque' });
    const written = await declare(mary, { declaredAt: `${period - 2}-02-01` }).expect(201);
    expect(await eligible()).toEqual(expect.arrayContaining([before, later]));

    const cancelled = await post(`/gift-aid/declarations/${written.body.id}/cancel`, {
      from: `${period - 2}-04-01`,
    }).expect(200);
    expect(cancelled.body.cancelledAt).toBe(`${period - 2}-03-31T23:00:00.000Z`);
    const claimable = await eligible();
    expect(claimable).toContain(before);
    expect(claimable).not.toContain(later);
    expect((await post(`/gift-aid/declarations/${written.body.id}/cancel`).expect(409)).body.code).toBe(
      'declaration_cancelled',
    );
  });

  it('covers only the gift named by a declaration for this gift alone, and never an offline gift not marked for Gift Aid', async () => {
    const fay = await fixtures.supporter('fay@example.org');
    const other = await fixtures.supporter('other@example.org');
    const named = await fixtures.gift(fay, 3_000, `${period - 2}-04-01T12:00:00Z`, { method: 'cheque' });
    const unnamed = await fixtures.gift(fay, 3_000, `${period - 2}-04-02T12:00:00Z`, { method: 'cheque' });
    const notMarked = await fixtures.gift(other, 3_000, `${period - 2}-04-02T12:00:00Z`, {
      method: 'third_party',
      giftAidApplies: false,
    });
    await declare(fay, { scope: 'this_gift', donationId: named, declaredAt: `${period - 2}-04-03` }).expect(
      201,
    );
    await declare(other, { declaredAt: `${period - 2}-01-01` }).expect(201);

    const claimable = await eligible();
    expect(claimable).toContain(named);
    expect(claimable).not.toContain(unnamed);
    expect(claimable).not.toContain(notMarked);
    const taken = await declare(other, { scope: 'this_gift', donationId: named }).expect(400);
    expect(taken.body.message).toContain('donationId');
  });

  it('records a declaration made for a supporter merged into another on the record kept, where its gifts are', async () => {
    const kept = await fixtures.supporter('ida@example.org');
    const merged = await fixtures.supporter('ida.b@example.org');
    await harness.dataSource.query(
      `UPDATE supporters SET email = NULL, email_normalised = NULL, merged_into_id = $1, merged_at = now() WHERE id = $2`,
      [kept, merged],
    );
    const gift = await fixtures.gift(kept, 2_000, `${period - 2}-05-01T12:00:00Z`, { method: 'cheque' });
    const made = await declare(merged, { declaredAt: `${period - 2}-04-01` }).expect(201);
    expect(made.body.supporterId).toBe(kept);
    expect(await eligible()).toContain(gift);
  });

  it('answers 400 naming the field for a declaration HMRC would not accept, and refuses viewers', async () => {
    const lin = await fixtures.supporter('lin@example.org');
    const field = async (body: Record<string, unknown>): Promise<string> =>
      (await declare(lin, body).expect(400)).body.message;
    expect(await field({ method: 'telepathy' })).toContain('method');
    expect(await field({ scope: 'this_gift' })).toContain('donationId');
    // HMRC's declaration reaches back 4 years from when it is made, and not ahead.
    expect(await field({ coversFrom: `${period - 7}-12-31`, declaredAt: `${period - 2}-01-15` })).toContain(
      'coversFrom',
    );
    expect(await field({ coversFrom: `${period - 2}-01-16`, declaredAt: `${period - 2}-01-15` })).toContain(
      'coversFrom',
    );
    expect(await field({ coversFuture: false })).toContain('coversFrom');
    expect(await field({ declaredAt: '2999-01-01' })).toContain('declaredAt');
    expect(await field({ postcode: 'not a postcode' })).toContain('postcode');
    expect(await field({ firstName: '' })).toContain('firstName');
    await declare(lin, {}, viewer).expect(403);
    await request(harness.url)
      .post('/supporters/0b7c9c9e-1f5e-4a53-9b1e-6d0f3b1f2a11/gift-aid-declarations')
      .set('Authorization', fundraiser)
      .send(declarationBody())
      .expect(404);
    const [{ count }] = (await harness.dataSource.query(
      'SELECT count(*)::int AS count FROM gift_aid_declarations WHERE supporter_id = $1',
      [lin],
    )) as { count: number }[];
    expect(count).toBe(0);
  });
});
