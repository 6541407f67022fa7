import { afterCreatedAtSql, type CursorPosition } from '@crm/platform';
import type { SubscriptionFilter } from './dto/list-supporters.dto';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

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
export const searchTextSql = (alias: string): string =>
  `(coalesce(${alias}.email_normalised, '') || ' ' || lower(coalesce(${alias}.first_name, '') || ' ' || coalesce(${alias}.last_name, '')))`;

/** "first last", lower-cased: written exactly as the btree index `supporters_full_name_prefix` is. */
export const fullNameSql = (alias: string): string =>
  `lower(coalesce(${alias}.first_name, '') || ' ' || coalesce(${alias}.last_name, ''))`;

/**
 * A trigram index finds a substring only when it holds a trigram: three letters or digits in a
 * row. Shorter texts ("Jo", "Wu", "a.b") are matched as prefixes instead, through btree indexes,
 * so no text makes the search read the whole table.
 */
const TRIGRAM = /[\p{L}\p{N}]{3}/u;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** The search text as compared: trimmed, runs of spaces as one, lower-cased. */
export const normaliseSearchText = (q: string): string => q.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The staff supporter search, newest first, keyset-paged on (created_at, id). Erased people are
 * never listed. The planner chooses between walking `supporters_created_at` backwards with the
 * filters (a common text: "gmail" matches 40%, so a page is found in the first few hundred rows)
 * and the search indexes (a rare text or none at all: "zzqx" reads no row).
 */
export function supporterSearchQuery(search: SupporterSearch): SqlQuery {
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
  const where = ['s.erased_at IS NULL'];
  const text = search.q === undefined ? '' : normaliseSearchText(search.q);
  if (text && TRIGRAM.test(text)) {
    where.push(`${searchTextSql('s')} LIKE ${param(`%${escapeLike(text)}%`)}`);
  } else if (text) {
    const prefix = param(`${escapeLike(text)}%`);
    where.push(
      `(s.email_normalised LIKE ${prefix} OR ${fullNameSql('s')} LIKE ${prefix} OR lower(s.last_name) LIKE ${prefix})`,
    );
  }
  if (search.tag) where.push(`s.tags @> ARRAY[${param(search.tag)}]::text[]`);
  if (search.status === 'none') where.push('n.status IS NULL');
  else if (search.status) where.push(`n.status = ${param(search.status)}`);
  if (search.after) {
    where.push(
      afterCreatedAtSql(
        'supporters',
        's',
        `${param(search.after.at)}::timestamptz`,
        `${param(search.after.id)}::uuid`,
      ),
    );
  }
  return {
    text: `SELECT s.id, s.email, s.first_name, s.last_name, s.tags, s.source, s.created_at,
                  n.status AS subscription_status
             FROM supporters s LEFT JOIN newsletter_subscriptions n ON n.supporter_id = s.id
            WHERE ${where.join(' AND ')}
            ORDER BY s.created_at DESC, s.id DESC
            LIMIT ${param(search.take)}`,
    values,
  };
}
