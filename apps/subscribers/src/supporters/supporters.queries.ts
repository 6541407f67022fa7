import { type ConsentEventKind, COUNTED_DONATION_STATUSES, type SubscriptionStatus } from '@crm/entities';
import { runSql, runSqlOne, type Sql, sql, type SqlExecutor } from '@crm/sql';
import { afterCreatedAt, type CursorPosition } from '@crm/platform';
import { likeContaining, likePrefix } from '@crm/values';
import type { EntityManager } from 'typeorm';
import type { SubscriptionFilter } from './dto/list-supporters.dto';
import type { EmailAddress } from './email-address';
import type { PersonName } from './person-name';

export interface SupporterSearch {
  q?: string;
  tag?: string;
  status?: SubscriptionFilter;
  after?: CursorPosition | null;
  /** Rows to fetch (a page's limit + 1, so the page knows whether another follows). */
  take: number;
}

/**
 * What a search text of three or more letters or digits is a substring of: the email, then the
 * full name, lower-cased. Written exactly as the trigram index `supporters_search_trgm` is.
 */
export const searchText = (supporter: string): Sql => {
  const s = sql.ident(supporter);
  return sql`(coalesce(${s}.email_normalised, '') || ' ' || lower(coalesce(${s}.first_name, '') || ' ' || coalesce(${s}.last_name, '')))`;
};

/** "first last", lower-cased: written exactly as the btree index `supporters_full_name_prefix` is. */
export const fullName = (supporter: string): Sql => {
  const s = sql.ident(supporter);
  return sql`lower(coalesce(${s}.first_name, '') || ' ' || coalesce(${s}.last_name, ''))`;
};

/**
 * A trigram index finds a substring only when it holds a trigram: three letters or digits in a
 * row. Shorter texts ("Jo", "Wu", "a.b") are matched as prefixes instead, through btree indexes,
 * so no text makes the search read the whole table.
 */
const TRIGRAM = /[\p{L}\p{N}]{3}/u;

/** The search text as compared: trimmed, runs of spaces as one, lower-cased. */
export const normaliseSearchText = (q: string): string => q.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The staff supporter search, newest first, keyset-paged on (created_at, id). Erased people are
 * never listed. The planner chooses between walking `supporters_created_at` (created_at, id) backwards with the
 * filters (a common text: "gmail" matches 40%, so a page is found in the first few hundred rows)
 * and the search indexes (a rare text or none at all: "zzqx" reads no row).
 */
export function supporterSearchQuery(search: SupporterSearch): Sql {
  const where = [sql`s.erased_at IS NULL`, sql`s.merged_into_id IS NULL`];
  const text = search.q === undefined ? '' : normaliseSearchText(search.q);
  if (text && TRIGRAM.test(text)) {
    where.push(sql`${searchText('s')} LIKE ${likeContaining(text)}`);
  } else if (text) {
    const prefix = likePrefix(text);
    where.push(
      sql`(s.email_normalised LIKE ${prefix} OR ${fullName('s')} LIKE ${prefix} OR lower(s.last_name) LIKE ${prefix})`,
    );
  }
  if (search.tag) where.push(sql`s.tags @> ARRAY[${search.tag}]::text[]`);
  if (search.status === 'none') where.push(sql`n.status IS NULL`);
  else if (search.status) where.push(sql`n.status = ${search.status}`);
  if (search.after) where.push(afterCreatedAt('supporters', 's', search.after));
  return sql`SELECT s.id, s.email, s.first_name, s.last_name, s.tags, s.source, s.created_at,
                  s.deceased_at IS NOT NULL AS deceased, n.status AS subscription_status
             FROM supporters s LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id
            WHERE ${sql.join(where, ' AND ')}
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT ${search.take}`;
}

export interface SupporterListRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  tags: string[];
  source: string | null;
  subscription_status: SubscriptionStatus | null;
  deceased: boolean;
  created_at: Date;
}

export const searchSupporters = async (
  db: SqlExecutor,
  search: SupporterSearch,
): Promise<SupporterListRow[]> => (await runSql<SupporterListRow>(db, supporterSearchQuery(search))).rows;

/**
 * Finds or creates the one supporter for a normalised address, filling in a name only where none
 * is known yet (staff edits win). Race-free: the unique key on `email_normalised` decides.
 */
export async function upsertSupporter(
  manager: EntityManager,
  address: EmailAddress,
  name: PersonName,
  source: string,
): Promise<string> {
  const row = await runSqlOne<{ id: string }>(
    manager,
    sql`INSERT INTO supporters (email, email_normalised, first_name, last_name, source)
     VALUES (${address.email}, ${address.normalised}, ${name.firstName}, ${name.lastName}, ${source})
     ON CONFLICT (email_normalised) DO UPDATE
       SET first_name = COALESCE(supporters.first_name, EXCLUDED.first_name),
           last_name = COALESCE(supporters.last_name, EXCLUDED.last_name)
     RETURNING id`,
  );
  return row!.id;
}

/** A supporter not erased, locked until the transaction ends (before any change to their subscription); null otherwise. */
export const lockLiveSupporter = (
  manager: EntityManager,
  supporterId: string,
): Promise<{ id: string; email_normalised: string } | null> =>
  runSqlOne(
    manager,
    sql`SELECT id, email_normalised FROM supporters WHERE id = ${supporterId} AND erased_at IS NULL FOR UPDATE`,
  );

export interface SupporterForChange {
  id: string;
  erased_at: Date | null;
  merged_into_id: string | null;
  deceased_at: Date | null;
}

/** A supporter, erased and merged or not, locked until the transaction ends; null when there is none. */
export const lockSupporterForChange = (
  manager: EntityManager,
  supporterId: string,
): Promise<SupporterForChange | null> =>
  runSqlOne(
    manager,
    sql`SELECT id, erased_at, merged_into_id, deceased_at FROM supporters WHERE id = ${supporterId} FOR UPDATE`,
  );

/** The supporter with this normalised address, locked until the transaction ends; null when none. */
export const lockSupporterByAddress = (
  manager: EntityManager,
  normalised: string,
): Promise<{ id: string } | null> =>
  runSqlOne(manager, sql`SELECT id FROM supporters WHERE email_normalised = ${normalised} FOR UPDATE`);

/**
 * Transactional emails of a supporter (table alias `message`): those sent to them as a supporter,
 * and the receipts of their donations, which are asked for before the donation is linked to them
 * (the receipt's reference is the donation id).
 */
export const transactionalOfSupporter = (message: string, supporterId: string): Sql => {
  const t = sql.ident(message);
  return sql`(${t}.supporter_id = ${supporterId}
  OR (${t}.template = 'donation-receipt'
      AND ${t}.reference IN (SELECT d.id::text FROM donations d WHERE d.supporter_id = ${supporterId})))`;
};

/**
 * The same gifts segments count (COUNTED_DONATION_STATUSES) of donations aliased `donation`: a
 * fully refunded gift is neither in the totals nor the last gift.
 */
const countedGift = (donation: string): Sql =>
  sql`${sql.ident(donation)}.status = ANY(${sql.typed(COUNTED_DONATION_STATUSES, 'text[]')})`;

export interface ConsentHistoryRow {
  kind: ConsentEventKind;
  source: string | null;
  ip: string | null;
  user_agent: string | null;
  wording: string | null;
  wording_hash: string | null;
  occurred_at: Date;
  wording_version: number | null;
}

/**
 * A supporter's consent ledger, oldest first, each event with its wording's version: the number
 * of the wording in the order the organisation first recorded it. The distinct wordings are read
 * by skipping through the partial index on (wording_hash, id), two probes per wording ever used.
 */
export const consentHistory = async (db: SqlExecutor, supporterId: string): Promise<ConsentHistoryRow[]> =>
  (
    await runSql<ConsentHistoryRow>(
      db,
      sql`WITH RECURSIVE wordings(hash) AS (
         SELECT min(wording_hash) FROM consent_events WHERE wording_hash IS NOT NULL
         UNION ALL
         SELECT (SELECT min(c.wording_hash) FROM consent_events c WHERE c.wording_hash > w.hash)
           FROM wordings w WHERE w.hash IS NOT NULL
       ), versions AS (
         SELECT w.hash, row_number() OVER (ORDER BY (
                  SELECT min(c.id) FROM consent_events c WHERE c.wording_hash = w.hash)) AS version
           FROM wordings w WHERE w.hash IS NOT NULL
       )
       SELECT e.kind, e.source, e.ip, e.user_agent, e.wording, e.wording_hash, e.occurred_at,
              v.version::int AS wording_version
         FROM consent_events e LEFT JOIN versions v ON v.hash = e.wording_hash
        WHERE e.supporter_id = ${supporterId} ORDER BY e.occurred_at, e.id`,
    )
  ).rows;

export interface GivingTotalRow {
  currency: string;
  /** A bigint sum: the driver answers it as text. */
  amount: string;
  count: number;
}

export interface LastGiftRow {
  id: string;
  amount: number;
  currency: string;
  paid_at: Date;
}

export interface MonthlyGiftRow {
  id: string;
  status: string;
  amount: number;
  currency: string;
  started_at: Date | null;
  cancelled_at: Date | null;
}

export interface GiftRow {
  id: string;
  amount: number;
  refunded_amount: number;
  currency: string;
  frequency: string;
  status: string;
  campaign: string | null;
  gift_aid: boolean;
  paid_at: Date | null;
  created_at: Date;
}

/** What a supporter gave, per currency, net of refunds (read from the donations app's table). */
export const givingTotals = async (db: SqlExecutor, supporterId: string): Promise<GivingTotalRow[]> =>
  (
    await runSql<GivingTotalRow>(
      db,
      sql`SELECT d.currency, sum(d.amount - d.refunded_amount)::bigint AS amount, count(*)::int AS count
           FROM donations d WHERE d.supporter_id = ${supporterId} AND ${countedGift('d')}
          GROUP BY d.currency ORDER BY d.currency`,
    )
  ).rows;

export const lastGift = (db: SqlExecutor, supporterId: string): Promise<LastGiftRow | null> =>
  runSqlOne<LastGiftRow>(
    db,
    sql`SELECT d.id, d.amount, d.currency, d.paid_at FROM donations d
         WHERE d.supporter_id = ${supporterId} AND ${countedGift('d')} AND d.paid_at IS NOT NULL
         ORDER BY d.paid_at DESC LIMIT 1`,
  );

export const monthlyGifts = async (db: SqlExecutor, supporterId: string): Promise<MonthlyGiftRow[]> =>
  (
    await runSql<MonthlyGiftRow>(
      db,
      sql`SELECT id, status, amount, currency, started_at, cancelled_at FROM recurring_donations
          WHERE supporter_id = ${supporterId} ORDER BY created_at DESC`,
    )
  ).rows;

/**
 * The most recent gifts and instalments of any status, newest first. Gift Aid applies to a gift
 * declared at checkout, or to an offline gift staff marked as Gift Aid-able.
 */
export const recentGifts = async (db: SqlExecutor, supporterId: string, limit: number): Promise<GiftRow[]> =>
  (
    await runSql<GiftRow>(
      db,
      sql`SELECT id, amount, refunded_amount, currency, frequency, status, campaign,
                (gift_aid_declaration_id IS NOT NULL OR gift_aid_applies IS TRUE) AS gift_aid, paid_at, created_at
           FROM donations WHERE supporter_id = ${supporterId}
          ORDER BY coalesce(paid_at, created_at) DESC, id DESC LIMIT ${limit}`,
    )
  ).rows;

export interface EmailReceivedRow {
  kind: 'transactional' | 'campaign';
  name: string;
  status: string;
  sent_at: Date | null;
}

/**
 * The last 200 emails sent to a supporter, transactional and campaign (read from the mailer's
 * tables), with the campaigns a merged duplicate was also sent (their ledger rows stay with it).
 */
export const emailsReceived = async (db: SqlExecutor, supporterId: string): Promise<EmailReceivedRow[]> =>
  (
    await runSql<EmailReceivedRow>(
      db,
      sql`SELECT 'transactional' AS kind, t.template AS name, t.status, t.sent_at FROM transactional_messages t
        WHERE ${transactionalOfSupporter('t', supporterId)}
       UNION ALL
       SELECT 'campaign', c.name, r.status, r.sent_at FROM campaign_recipients r
         JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.supporter_id IN (SELECT ${supporterId}::uuid UNION ALL SELECT m.id FROM supporters m WHERE m.merged_into_id = ${supporterId})
       ORDER BY sent_at DESC NULLS LAST
       LIMIT 200`,
    )
  ).rows;
