import { useDatabaseClient } from './testing/database-client';

/**
 * Eligibility reads `supporters.newsletter_confirmed`, so it must always say whether the
 * supporter's subscription is subscribed and confirmed, whatever the subscribers app does to the
 * subscriptions: insert, confirm, withdraw, touch unrelated columns, delete, truncate.
 */
const ADA = '0a000000-0000-4000-8000-000000000001';
const BEN = '0b000000-0000-4000-8000-000000000002';

const MISMATCHES = `
  SELECT count(*)::int AS mismatches
    FROM supporters s LEFT JOIN newsletter_subscriptions ns ON ns.supporter_id = s.id
   WHERE s.newsletter_confirmed IS DISTINCT FROM
         COALESCE(ns.status = 'subscribed' AND ns.confirmed_at IS NOT NULL, false)`;

describe('supporters.newsletter_confirmed', () => {
  const db = useDatabaseClient(async (client) => {
    await client.query(
      'INSERT INTO supporters (id, email, email_normalised) VALUES ($1, $3, $3), ($2, $4, $4)',
      [ADA, BEN, 'ada@example.org', 'ben@example.org'],
    );
  });

  const confirmed = async (): Promise<Record<string, boolean>> => {
    const { rows } = await db().query<{ id: string; newsletter_confirmed: boolean }>(
      'SELECT id, newsletter_confirmed FROM supporters ORDER BY id',
    );
    return Object.fromEntries(rows.map((row) => [row.id === ADA ? 'ada' : 'ben', row.newsletter_confirmed]));
  };
  const expectConsistent = async () =>
    expect((await db().query<{ mismatches: number }>(MISMATCHES)).rows[0].mismatches).toBe(0);

  it('follows inserts, confirmation, withdrawal, unrelated updates, deletes and truncation', async () => {
    await db().query(
      `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at)
       VALUES ($1, 'subscribed', now()), ($2, 'pending', NULL)`,
      [ADA, BEN],
    );
    expect(await confirmed()).toEqual({ ada: true, ben: false });

    await db().query(
      "UPDATE newsletter_subscriptions SET status = 'subscribed', confirmed_at = now() WHERE supporter_id = $1",
      [BEN],
    );
    await db().query("UPDATE newsletter_subscriptions SET status = 'unsubscribed' WHERE supporter_id = $1", [
      ADA,
    ]);
    expect(await confirmed()).toEqual({ ada: false, ben: true });

    await db().query('UPDATE newsletter_subscriptions SET confirmation_sent_at = now()');
    expect(await confirmed()).toEqual({ ada: false, ben: true });
    await expectConsistent();

    await db().query('DELETE FROM newsletter_subscriptions WHERE supporter_id = $1', [BEN]);
    expect(await confirmed()).toEqual({ ada: false, ben: false });

    await db().query(
      "INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())",
      [BEN],
    );
    await db().query('TRUNCATE newsletter_subscriptions');
    expect(await confirmed()).toEqual({ ada: false, ben: false });
    await expectConsistent();
  });

  it('writes a supporter row only when its value changes', async () => {
    await db().query(
      "INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())",
      [ADA],
    );
    const version = async () =>
      (await db().query<{ xmin: string }>('SELECT xmin FROM supporters WHERE id = $1', [ADA])).rows[0].xmin;
    const before = await version();
    await db().query('UPDATE newsletter_subscriptions SET source = $2 WHERE supporter_id = $1', [
      ADA,
      'form',
    ]);
    expect(await version()).toBe(before);
    await db().query("UPDATE newsletter_subscriptions SET status = 'bounced' WHERE supporter_id = $1", [ADA]);
    expect(await version()).not.toBe(before);
    await expectConsistent();
  });

  it('follows a subscription moved to another supporter', async () => {
    await db().query('TRUNCATE newsletter_subscriptions');
    await db().query(
      "INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())",
      [ADA],
    );
    await db().query('UPDATE newsletter_subscriptions SET supporter_id = $2 WHERE supporter_id = $1', [
      ADA,
      BEN,
    ]);
    expect(await confirmed()).toEqual({ ada: false, ben: true });
    await expectConsistent();
  });
});
