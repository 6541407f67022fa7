import { sql, type Sql } from '@crm/sql';
import type { SegmentField } from './fields';
import {
  ACTIVE_MONTHLY_GIFTS,
  countedDonations,
  emailEvents,
  GIFT_AID,
  giftAidInForce,
  MONTHLY_GIFTS,
  RECEIVED_CAMPAIGNS,
  type Relation,
  SUBSCRIPTIONS,
  supporterColumn,
  windowStart,
} from './relations';
import type { SegmentCondition } from './rule';
import { datePredicate, textPredicate } from './sql-predicates';
import { type Meaning, negate, plainMeaning, rows, test } from './meaning';

/** What each field of the rule language means (meaning.ts), for pass 1 of the compiler (translate-segment.ts). */
type FieldMeaning = (condition: SegmentCondition, now: Date) => Meaning;

const valuesOf = (condition: SegmentCondition): readonly string[] =>
  condition.op === 'in' ? (condition.value as readonly string[]) : [condition.value as string];

/**
 * A status held in related rows, where "none" means no such row: eq / in test membership, neq is
 * the complement of eq.
 */
function statusMember(relation: Relation, column: Sql): FieldMeaning {
  return (condition, now) => {
    const wanted = valuesOf(condition);
    const real = wanted.filter((value) => value !== 'none');
    const held = real.length ? rows(relation, [sql`${column} = ANY(${sql.typed(real, 'text[]')})`]) : null;
    const none = wanted.includes('none') ? rows(relation, [], true) : null;
    const matches =
      held && none
        ? test((s) => sql`(${plainMeaning(held, s, now)} OR ${plainMeaning(none, s, now)})`)
        : (held ?? none);
    if (!matches) throw new Error('unvalidated status list reached the compiler');
    return condition.op === 'neq' ? negate(matches) : matches;
  };
}

/** Subscription dates live on the subscription row; a missing row is a null date. */
const subscriptionDate: FieldMeaning = (condition, now) =>
  condition.op === 'exists'
    ? rows(SUBSCRIPTIONS, [sql`ns.confirmed_at IS NOT NULL`], condition.value === false)
    : rows(SUBSCRIPTIONS, [datePredicate(sql`ns.confirmed_at`, condition, now)]);

const emailActivity =
  (type: 'open' | 'click'): FieldMeaning =>
  (condition, now) =>
    rows(
      emailEvents(type, condition.within ? windowStart(condition.within, now) : undefined),
      [],
      condition.value === false,
    );

const tags: FieldMeaning = (condition) =>
  test((s) => {
    const column = supporterColumn(s, 'tags');
    if (condition.op === 'contains') return sql`${column} @> ARRAY[${sql.typed(condition.value, 'text')}]`;
    const bound = sql.typed(condition.value, 'text[]');
    if (condition.op === 'all_of') return sql`${column} @> ${bound}`;
    return condition.op === 'none_of' ? sql`NOT (${column} && ${bound})` : sql`${column} && ${bound}`;
  });

/**
 * The ids of the topics a supporter is on: their own choice, else the topic's default, which only
 * a confirmed subscriber has (the same choices campaign eligibility reads, mailable.ts).
 */
const topicIdsOf = (s: string): Sql =>
  sql`ARRAY(SELECT tp.id FROM topics tp LEFT JOIN topic_subscriptions tps
              ON tps.topic_id = tp.id AND tps.supporter_id = ${supporterColumn(s, 'id')}
             WHERE COALESCE(tps.subscribed, tp.joined_by_default AND ${supporterColumn(s, 'newsletter_confirmed')}))`;

const topics: FieldMeaning = (condition) =>
  test((s) => {
    const held = topicIdsOf(s);
    if (condition.op === 'contains') return sql`${held} @> ARRAY[${sql.typed(condition.value, 'uuid')}]`;
    const bound = sql.typed(condition.value, 'uuid[]');
    if (condition.op === 'all_of') return sql`${held} @> ${bound}`;
    return condition.op === 'none_of' ? sql`NOT (${held} && ${bound})` : sql`${held} && ${bound}`;
  });

const campaignReceived: FieldMeaning = (condition) =>
  rows(
    RECEIVED_CAMPAIGNS,
    [sql`cr.campaign_id = ANY(${sql.typed(valuesOf(condition), 'uuid[]')})`],
    condition.op === 'neq',
  );

const NET_AMOUNT = sql`(d.amount - d.refunded_amount)`;

/** Count, total or largest of the counted gifts in the condition's window and campaign; 0 with none. */
const donationsNumber =
  (giving: 'gift_count' | 'total' | 'largest'): FieldMeaning =>
  (condition, now) => ({
    kind: 'number',
    relation: countedDonations(condition, now),
    aggregate: { gift_count: sql`count(*)`, total: sql`sum${NET_AMOUNT}`, largest: sql`max${NET_AMOUNT}` }[
      giving
    ],
    isCount: giving === 'gift_count',
    condition,
    giving,
  });

/** Date of the first or last counted gift in the condition's window and campaign; null with none. */
const donationsDate =
  (which: 'min' | 'max'): FieldMeaning =>
  (condition, now) => ({
    kind: 'date',
    relation: countedDonations(condition, now),
    column: sql`d.paid_at`,
    which,
    condition,
    giving: which === 'min' ? 'first_paid_at' : 'last_paid_at',
  });

/** The leading letters of a GB postcode (stored normalised, "SW1A 1AA"); null for other countries. */
const postcodeArea = (s: string): Sql =>
  sql`CASE WHEN ${supporterColumn(s, 'country')} = 'GB' THEN substring(${supporterColumn(s, 'postcode')} from '^[A-Z]{1,2}') END`;

const hasAddress = (s: string): Sql => sql`cardinality(${supporterColumn(s, 'address_lines')}) > 0`;

/** Post may reach them: an address, alive, not erased, post not refused (legitimate interests otherwise). */
const contactableByPost = (s: string): Sql =>
  sql`(${hasAddress(s)} AND ${supporterColumn(s, 'deceased_at')} IS NULL AND ${supporterColumn(s, 'erased_at')} IS NULL
       AND NOT EXISTS (SELECT 1 FROM contact_preferences cp WHERE cp.supporter_id = ${supporterColumn(s, 'id')}
                         AND cp.channel = 'post' AND cp.status = 'refused'))`;

/** A yes/no field: `eq true` holds where `holds` does, `eq false` where it does not. */
const flag =
  (holds: (s: string) => Sql): FieldMeaning =>
  (condition) =>
    test((s) => (condition.value === false ? sql`NOT ${holds(s)}` : holds(s)));

/** Has a counted gift (in the window and campaign) by one of the methods; neq: none by the method. */
const donationMethod: FieldMeaning = (condition, now) =>
  rows(
    countedDonations(condition, now),
    [sql`d.method = ANY(${sql.typed(valuesOf(condition), 'text[]')})`],
    condition.op === 'neq',
  );

/** How each field of the rule language becomes a meaning over supporters. */
export const FIELD_MEANINGS: Record<SegmentField, FieldMeaning> = {
  'subscription.status': statusMember(SUBSCRIPTIONS, sql`ns.status`),
  'subscription.confirmed_at': subscriptionDate,
  'supporter.created_at': (condition, now) =>
    test((s) =>
      condition.op === 'exists'
        ? condition.value === false
          ? sql`FALSE`
          : sql`TRUE`
        : datePredicate(supporterColumn(s, 'created_at'), condition, now),
    ),
  'supporter.source': (condition) => test((s) => textPredicate(supporterColumn(s, 'source'), condition)),
  'supporter.email_domain': (condition) =>
    test((s) => textPredicate(sql`split_part(${supporterColumn(s, 'email_normalised')}, '@', 2)`, condition)),
  'supporter.postcode_area': (condition) => test((s) => textPredicate(postcodeArea(s), condition)),
  'supporter.has_address': flag((s) => sql`(${hasAddress(s)})`),
  'supporter.contactable_by_post': flag(contactableByPost),
  'supporter.deceased': flag((s) => sql`(${supporterColumn(s, 'deceased_at')} IS NOT NULL)`),
  tags,
  topics,
  'donations.total': donationsNumber('total'),
  'donations.count': donationsNumber('gift_count'),
  'donations.largest': donationsNumber('largest'),
  'donations.method': donationMethod,
  'donations.first_date': donationsDate('min'),
  'donations.last_date': donationsDate('max'),
  'recurring.status': statusMember(MONTHLY_GIFTS, sql`r.status`),
  'recurring.amount': (condition) => ({
    kind: 'number',
    relation: ACTIVE_MONTHLY_GIFTS,
    aggregate: sql`sum(r.amount)`,
    isCount: false,
    condition,
  }),
  'gift_aid.declared': (condition) => rows(GIFT_AID, [], condition.value === false),
  'gift_aid.in_force': (condition, now) => rows(giftAidInForce(now), [], condition.value === false),
  'email.opened': emailActivity('open'),
  'email.clicked': emailActivity('click'),
  'campaign.received': campaignReceived,
};
