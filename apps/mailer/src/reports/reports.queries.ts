import { COUNTED_DONATION_STATUSES } from '@crm/entities';
import { runSql, sql, type SqlExecutor } from '@crm/sql';
import { RECIPIENT_RANK } from '../sendgrid-webhook/sendgrid-event';

/** How long after a recipient's send a gift of theirs counts as following the email. */
export const DONATION_WINDOW_DAYS = 7;

export interface LinkClicksRow {
  url: string;
  clicks: number;
  unique_clickers: number;
}

/** Clicks per link (email_events_campaign_clicks), most clicked first. */
export async function clicksPerLink(db: SqlExecutor, campaignId: string): Promise<LinkClicksRow[]> {
  const { rows } = await runSql<LinkClicksRow>(
    db,
    sql`SELECT url, count(*)::int AS clicks, count(DISTINCT recipient_id)::int AS unique_clickers
         FROM email_events
        WHERE campaign_id = ${campaignId} AND type = 'click' AND url IS NOT NULL
        GROUP BY url
        ORDER BY clicks DESC, url`,
  );
  return rows;
}

export interface FollowingDonationsRow {
  currency: string;
  count: number;
  total: string;
  donors: number;
}

/**
 * Counted gifts (net of refunds) of the campaign's recipients received from their send until
 * DONATION_WINDOW_DAYS after it, per currency. Reads the donations app's table; writes nothing.
 */
export async function donationsFollowing(
  db: SqlExecutor,
  campaignId: string,
): Promise<FollowingDonationsRow[]> {
  const { rows } = await runSql<FollowingDonationsRow>(
    db,
    sql`SELECT d.currency, count(*)::int AS count, sum(d.amount - d.refunded_amount)::text AS total,
               count(DISTINCT d.supporter_id)::int AS donors
         FROM campaign_recipients r
         JOIN donations d ON d.supporter_id = r.supporter_id
          AND d.paid_at >= r.sent_at
          AND d.paid_at < r.sent_at + ${sql.typed(`${DONATION_WINDOW_DAYS} days`, 'interval')}
          AND d.status = ANY(${sql.typed([...COUNTED_DONATION_STATUSES], 'text[]')})
        WHERE r.campaign_id = ${campaignId} AND r.sent_at IS NOT NULL
        GROUP BY d.currency
        ORDER BY d.currency`,
  );
  return rows;
}

export type EngagementEvent = 'opened' | 'clicked';

/** The events that show each: a click shows the email was opened even when its tracking image was blocked. */
const EVENT_TYPES: Record<EngagementEvent, string[]> = { opened: ['open', 'click'], clicked: ['click'] };

/**
 * Statuses a recipient with such an event can have: events only move a recipient forward, so one
 * that opened or clicked ranks at least that. Narrows the events looked up to those recipients.
 */
const reachedStatuses = (event: EngagementEvent): string[] =>
  Object.entries(RECIPIENT_RANK)
    .filter(([, rank]) => rank >= RECIPIENT_RANK[event])
    .map(([status]) => status);

const engagementEvent = (event: EngagementEvent) =>
  sql`e.recipient_id = r.id AND e.type = ANY(${sql.typed(EVENT_TYPES[event], 'text[]')})`;

/** How many of the campaign's recipients have an event of `event`. */
export async function engagedCount(
  db: SqlExecutor,
  campaignId: string,
  event: EngagementEvent,
): Promise<number> {
  const { rows } = await runSql<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM campaign_recipients r
        WHERE r.campaign_id = ${campaignId}
          AND r.status = ANY(${sql.typed(reachedStatuses(event), 'text[]')})
          AND EXISTS (SELECT 1 FROM email_events e WHERE ${engagementEvent(event)})`,
  );
  return rows[0]?.n ?? 0;
}

export interface EngagedPersonRow {
  recipient_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  first_at: Date;
}

/**
 * One page (in recipient id order, after `afterId`) of the campaign's recipients with an event of
 * `event`, with the time of their first such event. Erased people are left out.
 */
export async function engagedPeoplePage(
  db: SqlExecutor,
  campaignId: string,
  event: EngagementEvent,
  afterId: string | null,
  limit: number,
): Promise<EngagedPersonRow[]> {
  const { rows } = await runSql<EngagedPersonRow>(
    db,
    sql`SELECT r.id AS recipient_id, s.first_name, s.last_name, s.email, min(e.occurred_at) AS first_at
         FROM campaign_recipients r
         JOIN email_events e ON ${engagementEvent(event)}
         JOIN supporters s ON s.id = r.supporter_id AND s.erased_at IS NULL
        WHERE r.campaign_id = ${campaignId}
          AND r.status = ANY(${sql.typed(reachedStatuses(event), 'text[]')})
          ${afterId === null ? sql.empty : sql`AND r.id > ${sql.typed(afterId, 'uuid')}`}
        GROUP BY r.id, s.id
        ORDER BY r.id
        LIMIT ${limit}`,
  );
  return rows;
}
