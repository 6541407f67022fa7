import { Client } from 'pg';
import { useDatabaseClient } from './testing/database-client';

/**
 * The giving summary segments read must always equal the aggregate of donations it stands for,
 * whatever the donations app does to the donations table: insert, refund, move to another
 * supporter, touch unrelated columns, delete, truncate.
 */
const ADA = '0a000000-0000-4000-8000-000000000001';
const BEN = '0b000000-0000-4000-8000-000000000002';

const MISMATCHES = `
  SELECT count(*)::int AS mismatches FROM (
    (SELECT * FROM supporter_giving EXCEPT SELECT * FROM supporter_giving_computed)
    UNION ALL
    (SELECT * FROM supporter_giving_computed EXCEPT SELECT * FROM supporter_giving)
  ) differing`;

describe('supporter_giving', () => {
  const db = useDatabaseClient();

  const summary = async (supporterId: string) =>
    (
      await db().query<{ gift_count: number; total: string; largest: string; last_paid_at: Date | null }>(
        'SELECT gift_count, total, largest, last_paid_at FROM supporter_giving WHERE supporter_id = $1',
        [supporterId],
      )
    ).rows[0];
  const expectConsistent = async () =>
    expect((await db().query<{ mismatches: number }>(MISMATCHES)).rows[0].mismatches).toBe(0);

  it('follows inserts, refunds, reassignments, unrelated updates, deletes and truncation', async () => {
    await db().query(
      `INSERT INTO donations (supporter_id, amount, refunded_amount, currency, frequency, status, paid_at)
       VALUES ($1, 5000, 0, 'gbp', 'one_off', 'succeeded', '2026-01-01T12:00:00Z'),
              ($1, 2000, 500, 'gbp', 'one_off', 'partially_refunded', '2026-02-01T12:00:00Z'),
              ($1, 9000, 0, 'gbp', 'one_off', 'failed', NULL),
              ($2, 7000, 0, 'gbp', 'one_off', 'pending', NULL)`,
      [ADA, BEN],
    );
    expect(await summary(ADA)).toEqual({
      gift_count: 2,
      total: '6500',
      largest: '5000',
      last_paid_at: new Date('2026-02-01T12:00:00Z'),
    });
    expect(await summary(BEN)).toBeUndefined();
    await expectConsistent();

    await db().query(
      "UPDATE donations SET status = 'succeeded', paid_at = '2026-03-01T12:00:00Z' WHERE supporter_id = $1",
      [BEN],
    );
    await db().query(
      "UPDATE donations SET status = 'refunded', refunded_amount = amount WHERE supporter_id = $1 AND amount = 5000",
      [ADA],
    );
    expect(await summary(ADA)).toMatchObject({ gift_count: 1, total: '1500' });
    expect(await summary(BEN)).toMatchObject({ gift_count: 1, total: '7000' });
    await expectConsistent();

    await db().query('UPDATE donations SET supporter_id = $2 WHERE supporter_id = $1 AND amount = 2000', [
      ADA,
      BEN,
    ]);
    await db().query('UPDATE donations SET notified_at = now()');
    expect(await summary(ADA)).toBeUndefined();
    expect(await summary(BEN)).toMatchObject({ gift_count: 2, total: '8500' });
    await expectConsistent();

    await db().query('DELETE FROM donations WHERE amount = 7000');
    expect(await summary(BEN)).toMatchObject({ gift_count: 1, total: '1500' });
    await expectConsistent();

    await db().query('TRUNCATE donations CASCADE');
    expect((await db().query('SELECT * FROM supporter_giving')).rows).toEqual([]);
  });

  it('counts a gift once when one upsert both inserts and updates gifts of a supporter', async () => {
    await db().query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, paid_at, stripe_charge_id)
       VALUES ($1, 1000, 'gbp', 'one_off', 'pending', NULL, 'ch_upsert_1')`,
      [ADA],
    );
    // The statement's update trigger fires before its insert trigger and already sees the new row.
    await db().query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, paid_at, stripe_charge_id)
       VALUES ($1, 1000, 'gbp', 'one_off', 'succeeded', '2026-04-01T12:00:00Z', 'ch_upsert_1'),
              ($1, 3000, 'gbp', 'one_off', 'succeeded', '2026-04-02T12:00:00Z', 'ch_upsert_2')
       ON CONFLICT (stripe_charge_id) WHERE stripe_charge_id IS NOT NULL DO UPDATE SET status = EXCLUDED.status, paid_at = EXCLUDED.paid_at`,
      [ADA],
    );
    expect(await summary(ADA)).toMatchObject({ gift_count: 2, total: '4000' });
    await expectConsistent();
    await db().query('TRUNCATE donations CASCADE');
  });

  it('stays exact when a statement touches many supporters', async () => {
    await db().query(
      `INSERT INTO donations (supporter_id, amount, currency, frequency, status, paid_at)
       SELECT md5('bulk-' || g)::uuid, 1000 * g, 'gbp', 'one_off', 'succeeded', now() FROM generate_series(1, 100) g`,
    );
    await db().query("UPDATE donations SET refunded_amount = 500, status = 'partially_refunded'");
    expect((await db().query('SELECT count(*)::int AS n FROM supporter_giving')).rows[0].n).toBe(100);
    await expectConsistent();
    await db().query('TRUNCATE donations CASCADE');
  });

  it('counts both gifts when two transactions give for the same supporter at once', async () => {
    const { host, port, user, database } = db();
    const other = new Client({ host, port, user, database });
    await other.connect();
    try {
      const give = (client: Client, amount: number) =>
        client.query(
          `INSERT INTO donations (supporter_id, amount, currency, frequency, status, paid_at)
           VALUES ($1, $2, 'gbp', 'one_off', 'succeeded', now())`,
          [ADA, amount],
        );
      await db().query('BEGIN');
      await other.query('BEGIN');
      await give(db(), 1000);
      const second = give(other, 2000); // waits for the first transaction's lock on ADA
      await db().query('COMMIT');
      await second;
      await other.query('COMMIT');
      expect(await summary(ADA)).toMatchObject({ gift_count: 2, total: '3000' });
      await expectConsistent();
    } finally {
      await other.end();
    }
  });
});
