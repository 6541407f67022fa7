import { renderSql, sql } from '@crm/sql';
import { mailableForTopic } from './mailable';
import { useDatabaseClient } from './testing/database-client';

/**
 * A campaign's topic decides who gets it: a supporter's own choice on the topic, else the topic's
 * default. The freeze tests one topic for the whole audience with hashed sets; the re-check of a
 * batch tests each row's campaign topic. Both must pick the same people.
 */
const DEFAULT_ON = '70000000-0000-4000-8000-000000000001';
const DEFAULT_OFF = '70000000-0000-4000-8000-000000000002';
const MISSING = '70000000-0000-4000-8000-000000000003';
const PEOPLE = {
  undecided: '5a000000-0000-4000-8000-000000000001',
  joined: '5b000000-0000-4000-8000-000000000002',
  left: '5c000000-0000-4000-8000-000000000003',
};

describe('mailableForTopic', () => {
  const db = useDatabaseClient(async (client) => {
    await client.query(
      `INSERT INTO topics (id, name, description, joined_by_default)
       VALUES ($1, 'Campaign news', 'd', true), ($2, 'Events', 'd', false)`,
      [DEFAULT_ON, DEFAULT_OFF],
    );
    for (const [name, id] of Object.entries(PEOPLE)) {
      const email = `${name}@example.org`;
      await client.query('INSERT INTO supporters (id, email, email_normalised) VALUES ($1, $2, $2)', [
        id,
        email,
      ]);
      await client.query(
        `INSERT INTO newsletter_subscriptions (supporter_id, status, confirmed_at) VALUES ($1, 'subscribed', now())`,
        [id],
      );
    }
    await client.query(
      `INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed)
       VALUES ($1, $3, true), ($1, $4, true), ($2, $3, false), ($2, $4, false)`,
      [PEOPLE.joined, PEOPLE.left, DEFAULT_ON, DEFAULT_OFF],
    );
  });

  const chosen = async (
    topic: string,
    softOptIn: boolean,
    topicFor: 'everyone' | 'each-row',
  ): Promise<string[]> => {
    const { text, values } = renderSql(
      sql`SELECT s.id FROM supporters s WHERE ${mailableForTopic('s', sql.typed(topic, 'uuid'), softOptIn, topicFor)} ORDER BY s.id`,
    );
    const { rows } = await db().query<{ id: string }>(text, values);
    const names = Object.fromEntries(Object.entries(PEOPLE).map(([name, id]) => [id, name]));
    return rows.map((row) => names[row.id]!);
  };

  it.each([
    [DEFAULT_ON, ['undecided', 'joined']],
    [DEFAULT_OFF, ['joined']],
    [MISSING, []],
  ])('picks the same people for one topic as row by row (topic %s)', async (topic, expected) => {
    for (const softOptIn of [false, true]) {
      expect(await chosen(topic, softOptIn, 'everyone')).toEqual(expected);
      expect(await chosen(topic, softOptIn, 'each-row')).toEqual(expected);
    }
  });
});
