import type { DataSource } from 'typeorm';

const SUBSCRIBED: unknown = { all: [{ field: 'subscription.status', op: 'eq', value: 'subscribed' }] };

/**
 * `count` confirmed subscribers made in one set-based statement, and a segment of everyone
 * subscribed; returns the segment id. `tag` keeps addresses unique across runs in one database.
 */
export async function seedSubscribedAudience(db: DataSource, count: number, tag: string): Promise<string> {
  await db.query(
    `WITH made AS (
       INSERT INTO supporters (email, email_normalised, first_name, source)
       SELECT 'r' || g || '-' || $2 || '@example.org', 'r' || g || '-' || $2 || '@example.org', 'R' || g, 'load'
       FROM generate_series(1, $1::int) g
       RETURNING id)
     INSERT INTO newsletter_subscriptions (supporter_id, status, requested_at, confirmed_at, source)
     SELECT id, 'subscribed', now(), now(), 'load' FROM made`,
    [count, tag],
  );
  // A real database has planner statistics; fresh bulk rows have none until autovacuum gets to them.
  await db.query('ANALYZE supporters, newsletter_subscriptions');
  const [segment] = (await db.query(
    `INSERT INTO segments (name, rules) VALUES ($1, $2::jsonb) RETURNING id`,
    [`everyone subscribed ${tag}`, JSON.stringify(SUBSCRIBED)],
  )) as { id: string }[];
  return segment!.id;
}

/** Creates a campaign to the segment through the mailer's staff API and starts sending it; returns its id. */
export async function sendCampaign(
  mailerUrl: string,
  bearer: string,
  segmentId: string,
  name: string,
): Promise<string> {
  const created = await fetch(`${mailerUrl}/campaigns`, {
    method: 'POST',
    headers: { Authorization: bearer, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, subject: 'Our news', html: '<p>Hello {{firstName}}</p>', segmentId }),
  });
  if (created.status !== 201)
    throw new Error(`campaign not created: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const sent = await fetch(`${mailerUrl}/campaigns/${id}/send`, {
    method: 'POST',
    headers: { Authorization: bearer },
  });
  if (sent.status !== 202) throw new Error(`campaign not started: ${sent.status} ${await sent.text()}`);
  return id;
}
