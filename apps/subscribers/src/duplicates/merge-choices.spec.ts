import { NEWSLETTER_TOPIC_ID } from '@crm/entities';
import { mailableForTopic } from '@crm/segments';
import { runSql, sql } from '@crm/sql';
import { type BootedApp, bootApp, staffBearer, TestEnvironment } from '@crm/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadSubscribersConfig } from '../config/subscribers.config';
import { SubscribersModule } from '../subscribers.module';

/**
 * Merging duplicate A into kept record B moves A's topic choices (the latest choice recorded on
 * either record wins per topic) and its charity soft opt-in (an opt-out on either is for good), so
 * the merged person is mailed on exactly the topics they last asked for.
 */
describe('merging a duplicate: topic choices and the soft opt-in', () => {
  let env: TestEnvironment;
  let booted: BootedApp;
  let db: DataSource;
  let comms: string;
  const topic: Record<string, string> = {};

  const supporter = async (email: string, subscription: 'subscribed' | 'unsubscribed' | null) => {
    const [{ id }] = (await db.query(
      `INSERT INTO supporters (email, email_normalised, first_name) VALUES ($1, $1, 'Ada') RETURNING id`,
      [email],
    )) as { id: string }[];
    if (subscription)
      await db.query(
        `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at, unsubscribed_at)
         VALUES ($1, $2, now() - interval '30 days', CASE WHEN $2 = 'unsubscribed' THEN now() - interval '2 days' END)`,
        [id, subscription],
      );
    return id;
  };
  /** A choice made `daysAgo` days ago. */
  const chose = (id: string, name: string, subscribed: boolean, daysAgo: number) =>
    db.query(
      `INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed, updated_at)
       VALUES ($1, $2, $3, now() - make_interval(days => $4))`,
      [id, topic[name], subscribed, daysAgo],
    );
  const softOptIn = (id: string, beganDaysAgo: number, optedOutDaysAgo: number | null = null) =>
    db.query(
      `INSERT INTO soft_opt_ins (supporter_id, began_at, opted_out_at)
       VALUES ($1, now() - make_interval(days => $2), now() - make_interval(days => $3))`,
      [id, beganDaysAgo, optedOutDaysAgo],
    );
  const merge = (keptId: string, otherId: string) =>
    request(booted.url)
      .post(`/supporters/${keptId}/merge`)
      .set('Authorization', comms)
      .send({ otherId })
      .expect(200);
  /** The topics a supporter is on now: their choice, else the topic's default. */
  const topicsOf = async (id: string): Promise<string[]> =>
    (
      (await db.query(
        `SELECT t.name FROM topics t LEFT JOIN topic_subscriptions ts ON ts.topic_id = t.id AND ts.supporter_id = $1
          WHERE COALESCE(ts.subscribed, t.joined_by_default) ORDER BY t.name`,
        [id],
      )) as { name: string }[]
    ).map((row) => row.name);
  const rowsOf = async (table: 'topic_subscriptions' | 'soft_opt_ins', id: string): Promise<number> =>
    (
      (await db.query(`SELECT count(*)::int AS n FROM ${table} WHERE supporter_id = $1`, [id])) as {
        n: number;
      }[]
    )[0]!.n;
  const softOptInOf = async (id: string) =>
    (
      (await db.query(
        `SELECT began_at < now() - interval '9 days' AS "beganLongAgo", opted_out_at IS NOT NULL AS "ended",
                opted_out_at > now() - interval '1 minute' AS "endedByTheMerge"
           FROM soft_opt_ins WHERE supporter_id = $1`,
        [id],
      )) as { beganLongAgo: boolean; ended: boolean; endedByTheMerge: boolean | null }[]
    )[0];
  /** Whether a campaign for `name` would reach the supporter now (SOFT_OPT_IN on). */
  const mailable = async (id: string, name: string): Promise<boolean> => {
    const { rows } = await runSql<{ id: string }>(
      db.manager,
      sql`SELECT s.id FROM supporters s WHERE s.id = ${id} AND ${mailableForTopic('s', sql`${topic[name]!}::uuid`, true)}`,
    );
    return rows.length === 1;
  };

  beforeAll(async () => {
    env = await TestEnvironment.create();
    booted = await bootApp(loadSubscribersConfig(env.env()), SubscribersModule.forRoot);
    db = booted.app.get(DataSource);
    comms = await staffBearer(db, 'comms');
    topic.Newsletter = NEWSLETTER_TOPIC_ID;
    for (const [name, soft] of [
      ['Appeals', true],
      ['Campaign actions', true],
      ['Partner offers', false],
    ] as const) {
      const [{ id }] = (await db.query(
        `INSERT INTO topics (name, soft_opt_in) VALUES ($1, $2) RETURNING id`,
        [name, soft],
      )) as { id: string }[];
      topic[name] = id;
    }
  });
  afterAll(async () => {
    await booted.close();
    await env.destroy();
  });

  it('keeps a topic either record joined, unless the other left it later; a choice beats a default', async () => {
    const kept = await supporter('kept@example.org', 'subscribed');
    const other = await supporter('other@example.org', 'subscribed');
    await chose(other, 'Appeals', true, 2); // only the duplicate chose: joined
    await chose(other, 'Newsletter', false, 1); // left, where the kept record never chose (default on)
    await chose(kept, 'Campaign actions', true, 3);
    await chose(other, 'Campaign actions', false, 1); // left after the kept record joined
    await chose(other, 'Partner offers', false, 5);
    await chose(kept, 'Partner offers', true, 1); // joined after the duplicate left
    expect(await topicsOf(kept)).toEqual(['Campaign actions', 'Newsletter', 'Partner offers']);

    await merge(kept, other);

    expect(await topicsOf(kept)).toEqual(['Appeals', 'Partner offers']);
    expect(await rowsOf('topic_subscriptions', other)).toBe(0);
    expect(await mailable(kept, 'Appeals')).toBe(true);
    expect(await mailable(kept, 'Newsletter')).toBe(false);
    expect(await mailable(kept, 'Campaign actions')).toBe(false);
    // An opt-out the merge brings counts from now, so a campaign already sending skips them too.
    const [newsletter] = (await db.query(
      `SELECT updated_at > now() - interval '1 minute' AS recent FROM topic_subscriptions
        WHERE supporter_id = $1 AND topic_id = $2`,
      [kept, NEWSLETTER_TOPIC_ID],
    )) as { recent: boolean }[];
    expect(newsletter!.recent).toBe(true);

    // Asking again changes nothing.
    await merge(kept, other);
    expect(await topicsOf(kept)).toEqual(['Appeals', 'Partner offers']);
  });

  it('leaves the kept record’s choices alone when the duplicate’s are older, and a tie goes to leaving', async () => {
    const kept = await supporter('kept2@example.org', 'subscribed');
    const other = await supporter('other2@example.org', 'subscribed');
    await chose(kept, 'Appeals', false, 1);
    await chose(other, 'Appeals', true, 4); // joined before the kept record left
    await db.query(
      `INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed, updated_at)
       VALUES ($1, $3, true, '2026-06-01T12:00:00Z'), ($2, $3, false, '2026-06-01T12:00:00Z')`,
      [kept, other, topic['Campaign actions']],
    );
    await merge(kept, other);
    expect(await topicsOf(kept)).toEqual(['Newsletter']);
  });

  it('moves a running soft opt-in to a kept record that had none, keeping when it began', async () => {
    const kept = await supporter('donor-kept@example.org', null);
    const other = await supporter('donor-other@example.org', null);
    await softOptIn(other, 10);
    expect(await mailable(kept, 'Appeals')).toBe(false);

    await merge(kept, other);

    expect(await softOptInOf(kept)).toEqual({ beganLongAgo: true, ended: false, endedByTheMerge: null });
    expect(await rowsOf('soft_opt_ins', other)).toBe(0);
    expect(await mailable(kept, 'Appeals')).toBe(true);
    expect(await mailable(kept, 'Partner offers')).toBe(false);
  });

  it('ends the kept record’s soft opt-in when the duplicate had opted out, and never restarts one', async () => {
    const kept = await supporter('ended-kept@example.org', null);
    const other = await supporter('ended-other@example.org', null);
    await softOptIn(kept, 3);
    await softOptIn(other, 20, 15);
    expect(await mailable(kept, 'Appeals')).toBe(true);

    await merge(kept, other);

    expect(await softOptInOf(kept)).toEqual({ beganLongAgo: true, ended: true, endedByTheMerge: true });
    expect(await mailable(kept, 'Appeals')).toBe(false);

    // The other way round: the kept record's opt-out stands over the duplicate's running soft opt-in.
    const keptOut = await supporter('out-kept@example.org', null);
    const otherOn = await supporter('on-other@example.org', null);
    await softOptIn(keptOut, 5, 4);
    await softOptIn(otherOn, 2);
    await merge(keptOut, otherOn);
    expect(await softOptInOf(keptOut)).toMatchObject({ ended: true, endedByTheMerge: false });
    expect(await mailable(keptOut, 'Appeals')).toBe(false);
  });

  it('brings a soft opt-in the duplicate’s unsubscribe had stopped already ended', async () => {
    const kept = await supporter('unsub-kept@example.org', null);
    const other = await supporter('unsub-other@example.org', 'unsubscribed');
    await softOptIn(other, 10);
    expect(await mailable(other, 'Appeals')).toBe(false);

    await merge(kept, other);

    expect(await softOptInOf(kept)).toMatchObject({ ended: true, endedByTheMerge: false });
    expect(await mailable(kept, 'Appeals')).toBe(false);
  });
});
