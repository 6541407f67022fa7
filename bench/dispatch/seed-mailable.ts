import { Client } from 'pg';

const CHUNK = 100_000;

/**
 * Supporters who may all be mailed (subscribed, confirmed, tagged `bench`), created with
 * generate_series in chunks. Reused when the database already holds enough of them; returns how
 * many there are (the campaign's size: more than asked for after a larger earlier run).
 */
export async function seedMailableSupporters(
  url: string,
  count: number,
  log: (line: string) => void,
): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM supporters WHERE 'bench' = ANY (tags)`,
    );
    const have = rows[0]!.n;
    if (have >= count) return have;
    for (let from = have + 1; from <= count; from += CHUNK) {
      const to = Math.min(count, from + CHUNK - 1);
      await client.query(
        `WITH s AS (
           INSERT INTO supporters (email, email_normalised, first_name, tags, newsletter_confirmed)
           SELECT 'bench' || n || '@example.org', 'bench' || n || '@example.org',
                  CASE WHEN n % 10 = 0 THEN NULL ELSE 'Name' || n END, '{bench}', true
             FROM generate_series($1::int, $2::int) AS n
           RETURNING id)
         INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at)
         SELECT id, 'subscribed', now(), now() FROM s`,
        [from, to],
      );
      log(`  seeded ${to.toLocaleString('en-GB')} / ${count.toLocaleString('en-GB')} supporters`);
    }
    await client.query('VACUUM ANALYZE supporters');
    await client.query('VACUUM ANALYZE newsletter_subscriptions');
    return count;
  } finally {
    await client.end();
  }
}

/** Drops earlier bench campaigns so each run starts from the same tables. */
export async function clearCampaigns(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'TRUNCATE campaign_recipients, campaign_batch_members, campaign_batches, email_events, outbox_messages',
    );
    await client.query('DELETE FROM campaigns');
  } finally {
    await client.end();
  }
}
