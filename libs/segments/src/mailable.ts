import { sql, type Sql } from '@crm/sql';
import { supporterColumn } from './relations';

/**
 * Not erased, not deceased, still has an address, newsletter subscription subscribed and confirmed
 * (copied onto the supporter row as `newsletter_confirmed` by triggers on the subscriptions). A
 * merged duplicate has no address left.
 */
function contactable(supporter: string): Sql {
  const column = (name: string) => supporterColumn(supporter, name);
  return sql`${column('erased_at')} IS NULL AND ${column('deceased_at')} IS NULL AND ${column('email_normalised')} IS NOT NULL AND ${column('newsletter_confirmed')}`;
}

/** Email refused as a channel (the supporter asked, or a Fundraising Preference Service request named it). */
const EMAIL_REFUSED = sql`SELECT cp.supporter_id FROM contact_preferences cp WHERE cp.channel = 'email' AND cp.status = 'refused'`;

/**
 * Whether a supporter may receive marketing mail right now, as boolean SQL over the supporters row
 * `supporter`: contactable and subscribed, address not suppressed, email not refused as a
 * channel. Applied at send time beside a
 * segment, never stored in one.
 */
export const mailableSupporter = (supporter: string): Sql =>
  sql`(${contactable(supporter)} AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = ${supporterColumn(supporter, 'email_normalised')}) AND NOT EXISTS (${EMAIL_REFUSED} AND cp.supporter_id = ${supporterColumn(supporter, 'id')}))`;

/**
 * The same test as a value computed for each member of a segment (its mailable count): `NOT IN`
 * hashes the suppressions once, where `NOT EXISTS` outside a WHERE would probe them member by
 * member. Suppressed addresses are a primary key (never null) and a null address is refused first,
 * so `NOT IN` has none of its null surprises here.
 */
export const mailableMember = (supporter: string): Sql =>
  sql`(${contactable(supporter)} AND ${supporterColumn(supporter, 'email_normalised')} NOT IN (SELECT sp.email_normalised FROM suppressions sp) AND ${supporterColumn(supporter, 'id')} NOT IN (${EMAIL_REFUSED}))`;

/**
 * On the topic `topic` (uuid SQL): the supporter's own choice on it, else the topic's default
 * (Newsletter: every subscriber who never chose).
 */
export const onTopic = (supporter: string, topic: Sql): Sql =>
  sql`EXISTS (SELECT 1 FROM topics tp LEFT JOIN topic_subscriptions tps ON tps.topic_id = tp.id AND tps.supporter_id = ${supporterColumn(supporter, 'id')}
       WHERE tp.id = ${topic} AND COALESCE(tps.subscribed, tp.joined_by_default))`;

/**
 * `onTopic` for a topic that is the same for every supporter (`topic` uncorrelated: a bound id or
 * a subquery of constants): the topic's choices are hashed once, where `onTopic` looks each
 * supporter up in the topic and its choices (a fifth of freezing a million). Same answer: a choice
 * made decides, else the topic's default; no such topic, no one.
 */
const onOneTopic = (supporter: string, topic: Sql): Sql => {
  const id = supporterColumn(supporter, 'id');
  return sql`(${id} NOT IN (SELECT tps.supporter_id FROM topic_subscriptions tps WHERE tps.topic_id = ${topic} AND NOT tps.subscribed)
    AND (COALESCE((SELECT tp.joined_by_default FROM topics tp WHERE tp.id = ${topic}), false)
         OR ${id} IN (SELECT tps.supporter_id FROM topic_subscriptions tps WHERE tps.topic_id = ${topic} AND tps.subscribed)))`;
};

/** Alive, not erased, an address not suppressed and email not refused as a channel. */
const reachable = (supporter: string): Sql => {
  const column = (name: string) => supporterColumn(supporter, name);
  return sql`${column('erased_at')} IS NULL AND ${column('deceased_at')} IS NULL AND ${column('email_normalised')} IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = ${column('email_normalised')})
    AND NOT EXISTS (${EMAIL_REFUSED} AND cp.supporter_id = ${column('id')})`;
};

/**
 * Emailed under the charity soft opt-in (PECR reg. 22(3A)) for `topic`: a soft opt-in not opted
 * out of, a topic that allows it and that they have not left, and no withdrawn subscription
 * (unsubscribing, a bounce or a complaint stops this mail too).
 */
const softOptedIn = (supporter: string, topic: Sql): Sql => {
  const id = supporterColumn(supporter, 'id');
  return sql`EXISTS (SELECT 1 FROM soft_opt_ins so WHERE so.supporter_id = ${id} AND so.opted_out_at IS NULL)
    AND EXISTS (SELECT 1 FROM topics tp WHERE tp.id = ${topic} AND tp.soft_opt_in)
    AND NOT EXISTS (SELECT 1 FROM topic_subscriptions tps WHERE tps.supporter_id = ${id} AND tps.topic_id = ${topic} AND NOT tps.subscribed)
    AND NOT EXISTS (SELECT 1 FROM newsletter_subscriptions nsw WHERE nsw.supporter_id = ${id} AND nsw.status IN ('unsubscribed', 'bounced', 'complained'))`;
};

/**
 * Whether a supporter may receive a campaign sent for `topic` (uuid SQL) right now: mailable as
 * above and on that topic, or (while `softOptIn`, SOFT_OPT_IN) reachable and emailed under the
 * charity soft opt-in on a topic that allows it. `topicFor: 'everyone'` when `topic` is the same
 * for every supporter tested (one campaign's audience), 'each-row' when it depends on the row.
 */
export const mailableForTopic = (
  supporter: string,
  topic: Sql,
  softOptIn: boolean,
  topicFor: 'everyone' | 'each-row' = 'each-row',
): Sql => {
  const chose = topicFor === 'everyone' ? onOneTopic(supporter, topic) : onTopic(supporter, topic);
  return softOptIn
    ? sql`(${reachable(supporter)} AND ((${supporterColumn(supporter, 'newsletter_confirmed')} AND ${chose}) OR (${softOptedIn(supporter, topic)})))`
    : sql`(${mailableSupporter(supporter)} AND ${chose})`;
};
