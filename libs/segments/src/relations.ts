import { sql, type Sql } from '@crm/sql';
import { COUNTED_DONATION_STATUSES, SupporterGiving } from '@crm/entities';
import { getMetadataArgsStorage } from 'typeorm';
import { durationBefore, parseDuration } from './duration';
import type { SegmentCondition } from './rule';
import { bindInstant } from './sql-predicates';

/**
 * The tables a rule reads beside `supporters`, each as rows per supporter. Both passes of the
 * compiler (translate-segment.ts, plan-segment.ts) write their SQL from these.
 */

/** Recipient states meaning the campaign email was actually handed to the provider for this person. */
export const RECEIVED_RECIPIENT_STATUSES = [
  'sent',
  'delivered',
  'opened',
  'clicked',
  'complained',
  'unsubscribed',
] as const;

/** A list of the code's own constants as SQL literals (never input). */
const literals = (values: readonly string[]): Sql => sql.raw(values.map((value) => `'${value}'`).join(', '));

/** A table of per-supporter rows (`alias.supporter_id`) with the filters that always apply to it. */
export interface Relation {
  table: string;
  alias: string;
  filters: Sql[];
  /** At most one row per supporter, so tests ANDed together may share one EXISTS. */
  oneRowPerSupporter?: boolean;
}

/** The aliases the compiler's own subqueries use: a caller's supporters alias must be none of them. */
const INNER_ALIASES = /^(ns|r|g|e|cr|d|sg|sp|cp|grouped|anchor\d+)$/;

/** The supporters alias a caller chose, checked not to collide with an alias used inside. */
function supporterAlias(supporter: string): Sql {
  if (INNER_ALIASES.test(supporter)) throw new Error(`${supporter} is an alias the segment SQL uses inside`);
  return sql.ident(supporter);
}

/** `alias.id` of the supporters row the rule is about. */
export const supporterIdOf = (supporter: string): Sql => sql`${supporterAlias(supporter)}.id`;

/** A supporter column, `alias.column`. */
export const supporterColumn = (supporter: string, column: string): Sql =>
  sql`${supporterAlias(supporter)}.${sql.ident(column)}`;

export const relationKey = (relation: Relation): string => `${relation.table} ${relation.alias}`;
export const supporterIdIn = (relation: Relation): Sql => sql`${sql.ident(relation.alias)}.supporter_id`;
const fromOf = (relation: Relation): Sql => sql`${sql.ident(relation.table)} ${sql.ident(relation.alias)}`;
const where = (filters: Sql[]): Sql =>
  filters.length ? sql` WHERE ${sql.join(filters, ' AND ')}` : sql.empty;

/** `SELECT <select> FROM <relation>` over the rows of the supporter `subject` passing `extra`. */
export const rowsOf = (relation: Relation, subject: Sql, extra: Sql[] = [], select: Sql = sql`1`): Sql =>
  sql`SELECT ${select} FROM ${fromOf(relation)}${where([sql`${supporterIdIn(relation)} = ${subject}`, ...relation.filters, ...extra])}`;

/** The ids of the supporters whose group of rows passes `having`. */
export const groupsOf = (relation: Relation, having: Sql): Sql => {
  const id = supporterIdIn(relation);
  return sql`SELECT ${id} FROM ${fromOf(relation)}${where(relation.filters)} GROUP BY ${id} HAVING ${having}`;
};

export const SUBSCRIPTIONS: Relation = {
  table: 'newsletter_subscriptions',
  alias: 'ns',
  filters: [],
  oneRowPerSupporter: true,
};
export const MONTHLY_GIFTS: Relation = {
  table: 'recurring_donations',
  alias: 'r',
  filters: [sql`r.status IN ('active', 'past_due', 'cancelled')`],
};
export const ACTIVE_MONTHLY_GIFTS: Relation = {
  table: 'recurring_donations',
  alias: 'r',
  filters: [sql`r.supporter_id IS NOT NULL`, sql`r.status = 'active'`],
};
export const GIFT_AID: Relation = {
  table: 'gift_aid_declarations',
  alias: 'g',
  filters: [sql`g.cancelled_at IS NULL`],
};
/**
 * Declarations covering the supporter's gifts from now on: scope `supporter_gifts` with future
 * gifts, not cancelled by `now`, and an oral one only once its written confirmation was sent
 * (HMRC: claimable from then).
 */
export const giftAidInForce = (now: Date): Relation => ({
  table: 'gift_aid_declarations',
  alias: 'g',
  filters: [
    sql`g.scope = 'supporter_gifts'`,
    sql`g.covers_future`,
    sql`(g.cancelled_at IS NULL OR g.cancelled_at > ${bindInstant(now)})`,
    sql`(g.method <> 'oral' OR g.confirmation_sent_at IS NOT NULL)`,
  ],
});

export const RECEIVED_CAMPAIGNS: Relation = {
  table: 'campaign_recipients',
  alias: 'cr',
  filters: [sql`cr.status IN (${literals(RECEIVED_RECIPIENT_STATUSES)})`],
};

/** The table an entity describes, as its `@Entity` decorator names it (no connection needed). */
function entityTable(entity: new () => object): string {
  const name = getMetadataArgsStorage().tables.find((table) => table.target === entity)?.name;
  if (!name) throw new Error(`${entity.name} names no table`);
  return name;
}

/**
 * The per-supporter summary of counted donations (all time, all campaigns; migration
 * `1764800000000-supporter-giving`, kept exact by triggers on donations): a supporter has a row
 * exactly when they have a counted gift. Only the rewrite pass reads it (plan-segment.ts).
 */
export const GIVING: Relation = {
  table: entityTable(SupporterGiving),
  alias: 'sg',
  filters: [],
  oneRowPerSupporter: true,
};

const EMAIL_EVENT_TYPES = { open: sql`e.type = 'open'`, click: sql`e.type = 'click'` };

/** Email events of one type, since `since` when given. */
export const emailEvents = (type: 'open' | 'click', since?: Date): Relation => ({
  table: 'email_events',
  alias: 'e',
  filters: since
    ? [EMAIL_EVENT_TYPES[type], sql`e.occurred_at >= ${bindInstant(since)}`]
    : [EMAIL_EVENT_TYPES[type]],
});

export function windowStart(within: string, now: Date): Date {
  const duration = parseDuration(within);
  if (!duration) throw new Error('unvalidated duration reached the compiler');
  return durationBefore(now, duration);
}

/** Counted donations of one supporter, narrowed by the condition's `within` and `campaign`. */
export function countedDonations(condition: SegmentCondition, now: Date): Relation {
  const filters = [
    sql`d.supporter_id IS NOT NULL`,
    sql`d.status IN (${literals(COUNTED_DONATION_STATUSES)})`,
  ];
  if (condition.within) filters.push(sql`d.paid_at >= ${bindInstant(windowStart(condition.within, now))}`);
  if (condition.campaign) filters.push(sql`d.campaign = ${sql.typed(condition.campaign, 'text')}`);
  return { table: 'donations', alias: 'd', filters };
}
