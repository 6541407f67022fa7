import { STARTER_SEGMENTS } from '@crm/segments';
import { type BootedApp, bootApp, staffBearer, waitFor } from '@crm/testing';
import request from 'supertest';
import { DonationsHarness } from '../../apps/donations/test/donations-harness';
import { loadSubscribersConfig } from '../../apps/subscribers/src/config/subscribers.config';
import { SubscribersModule } from '../../apps/subscribers/src/subscribers.module';

const LYBUNT = STARTER_SEGMENTS.find((segment) => segment.name.includes('LYBUNT'))!.rules;

/**
 * An offline gift reaches its donor through the subscribers app exactly as a Stripe gift does
 * (record-donor → link-supporter over real queues) and then counts in their segments.
 */
describe('offline gifts count where Stripe gifts count', () => {
  let donations: DonationsHarness;
  let subscribers: BootedApp;
  let fundraiser: string;
  let admin: string;

  const gift = async (email: string, receivedAt: string, method: string): Promise<string> => {
    const created = await request(donations.url)
      .post('/donations')
      .set('Authorization', fundraiser)
      .send({ email, firstName: 'Gwen', lastName: 'Giver', amount: 3000, receivedAt, method })
      .expect(201);
    return created.body.id as string;
  };
  const linkedSupporter = (donationId: string): Promise<string> =>
    waitFor(
      async () => {
        const [row] = await donations.dataSource.query(`SELECT supporter_id FROM donations WHERE id = $1`, [
          donationId,
        ]);
        return (row?.supporter_id as string | null) ?? undefined;
      },
      { what: 'the gift linked to its supporter' },
    );

  beforeAll(async () => {
    donations = await DonationsHarness.start();
    subscribers = await bootApp(loadSubscribersConfig(donations.env.env()), SubscribersModule.forRoot);
    [fundraiser, admin] = await Promise.all([
      staffBearer(donations.dataSource, 'fundraising'),
      staffBearer(donations.dataSource, 'admin'),
    ]);
  });
  afterAll(async () => {
    await subscribers?.close();
    await donations?.close();
  });

  it('a cheque from last year puts its donor in LYBUNT, a gift this year takes the other out, and the profile totals both', async () => {
    const lapsed = await linkedSupporter(await gift('lapsed@example.org', '2025-09-15', 'cheque'));
    const loyal = await linkedSupporter(await gift('loyal@example.org', '2025-09-15', 'cheque'));
    await linkedSupporter(await gift('loyal@example.org', '2026-11-01', 'cash'));

    const preview = await request(subscribers.url)
      .post('/segments/preview')
      .set('Authorization', admin)
      .send({ rules: LYBUNT })
      .expect(200);
    const members = (preview.body.sample as { id: string }[]).map((member) => member.id);
    expect(members).toContain(lapsed);
    expect(members).not.toContain(loyal);

    const profile = await request(subscribers.url)
      .get(`/supporters/${loyal}`)
      .set('Authorization', admin)
      .expect(200);
    expect(profile.body.donations.totals).toEqual([{ currency: 'gbp', amount: 6000, count: 2 }]);
    expect(profile.body.donations.lastGift).toMatchObject({
      amount: 3000,
      paidAt: '2026-11-01T12:00:00.000Z',
    });
  });
});
