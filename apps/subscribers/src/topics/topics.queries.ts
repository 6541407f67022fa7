import type { TopicSubscription } from '@crm/entities';
import { runSql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';

/** A topic and whether one supporter is on it (their own choice, else the topic's default). */
export interface TopicChoice {
  id: string;
  name: string;
  description: string;
  soft_opt_in: boolean;
  subscribed: boolean;
}

/**
 * A supporter's choice on topic `t` when they never made one: on it if everyone joins it by
 * default, or if they are emailed under the charity soft opt-in and the topic allows that.
 */
const defaultChoice = (supporterId: string) =>
  sql`(t.joined_by_default OR (t.soft_opt_in AND EXISTS (
        SELECT 1 FROM soft_opt_ins so WHERE so.supporter_id = ${supporterId} AND so.opted_out_at IS NULL)))`;

/** Every topic, A–Z, with the supporter's current choice on each. */
export async function topicChoicesOf(manager: EntityManager, supporterId: string): Promise<TopicChoice[]> {
  const { rows } = await runSql<TopicChoice>(
    manager,
    sql`SELECT t.id, t.name, t.description, t.soft_opt_in, COALESCE(ts.subscribed, ${defaultChoice(supporterId)}) AS subscribed
          FROM topics t
          LEFT JOIN topic_subscriptions ts ON ts.topic_id = t.id AND ts.supporter_id = ${supporterId}
         ORDER BY t.joined_by_default DESC, t.name`,
  );
  return rows;
}

/** A choice that changed, and the topic's name for the ledger's wording. */
export type ChangedChoice = Pick<TopicSubscription, 'topicId' | 'subscribed'> & { name: string };

/**
 * Sets the supporter's choice on each topic listed, answering the topics whose effective choice
 * changed (only those get a ledger row). Topics not listed are left alone.
 */
export async function setTopicChoices(
  manager: EntityManager,
  supporterId: string,
  choices: ReadonlyMap<string, boolean>,
): Promise<ChangedChoice[]> {
  if (choices.size === 0) return [];
  const ids = [...choices.keys()];
  const wanted = ids.map((id) => choices.get(id)!);
  const { rows } = await runSql<ChangedChoice>(
    manager,
    sql`WITH wanted AS (
          SELECT w.topic_id, w.subscribed, t.name, COALESCE(ts.subscribed, ${defaultChoice(supporterId)}) AS was
            FROM unnest(${sql.typed(ids, 'uuid[]')}, ${sql.typed(wanted, 'boolean[]')}) AS w (topic_id, subscribed)
            JOIN topics t ON t.id = w.topic_id
            LEFT JOIN topic_subscriptions ts ON ts.topic_id = w.topic_id AND ts.supporter_id = ${supporterId}),
        written AS (
          INSERT INTO topic_subscriptions (supporter_id, topic_id, subscribed)
          SELECT ${supporterId}, topic_id, subscribed FROM wanted WHERE subscribed IS DISTINCT FROM was
          ON CONFLICT (supporter_id, topic_id) DO UPDATE SET subscribed = EXCLUDED.subscribed, updated_at = now()
          RETURNING topic_id)
        SELECT w.topic_id AS "topicId", w.name, w.subscribed FROM wanted w JOIN written USING (topic_id) ORDER BY w.name`,
  );
  return rows;
}

/** The ids of every topic. */
export async function allTopicIds(manager: EntityManager): Promise<string[]> {
  const { rows } = await runSql<{ id: string }>(manager, sql`SELECT id FROM topics`);
  return rows.map((row) => row.id);
}

/** The ids of the topics a subscriber is on until they choose otherwise. */
export async function defaultTopicIds(manager: EntityManager): Promise<string[]> {
  const { rows } = await runSql<{ id: string }>(manager, sql`SELECT id FROM topics WHERE joined_by_default`);
  return rows.map((row) => row.id);
}

/** Topics with how many supporters are on each by their own choice or by default (subscribed ones only). */
export async function topicsWithCounts(manager: EntityManager): Promise<
  {
    id: string;
    name: string;
    description: string;
    soft_opt_in: boolean;
    joined_by_default: boolean;
    subscribers: number;
  }[]
> {
  const { rows } = await runSql<{
    id: string;
    name: string;
    description: string;
    soft_opt_in: boolean;
    joined_by_default: boolean;
    subscribers: number;
  }>(
    manager,
    sql`SELECT t.id, t.name, t.description, t.soft_opt_in, t.joined_by_default,
               (SELECT count(*)::int FROM newsletter_subscriptions ns
                  LEFT JOIN topic_subscriptions ts ON ts.supporter_id = ns.supporter_id AND ts.topic_id = t.id
                 WHERE ns.status = 'subscribed' AND COALESCE(ts.subscribed, t.joined_by_default)) AS subscribers
          FROM topics t ORDER BY t.joined_by_default DESC, t.name`,
  );
  return rows;
}
