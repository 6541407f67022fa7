import { sql, type Sql } from '@crm/sql';
import { supporterColumn } from './relations';

/**
 * Not erased, still has an address, newsletter subscription subscribed and confirmed (copied onto
 * the supporter row as `newsletter_confirmed` by triggers on the subscriptions).
 */
function contactable(supporter: string): Sql {
  const column = (name: string) => supporterColumn(supporter, name);
  return sql`${column('erased_at')} IS NULL AND ${column('email_normalised')} IS NOT NULL AND ${column('newsletter_confirmed')}`;
}

/**
 * Whether a supporter may receive marketing mail right now, as boolean SQL over the supporters row
 * `supporter`: contactable and subscribed, address not suppressed. Applied at send time beside a
 * segment, never stored in one.
 */
export const mailableSupporter = (supporter: string): Sql =>
  sql`(${contactable(supporter)} AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = ${supporterColumn(supporter, 'email_normalised')}))`;

/**
 * The same test as a value computed for each member of a segment (its mailable count): `NOT IN`
 * hashes the suppressions once, where `NOT EXISTS` outside a WHERE would probe them member by
 * member. Suppressed addresses are a primary key (never null) and a null address is refused first,
 * so `NOT IN` has none of its null surprises here.
 */
export const mailableMember = (supporter: string): Sql =>
  sql`(${contactable(supporter)} AND ${supporterColumn(supporter, 'email_normalised')} NOT IN (SELECT sp.email_normalised FROM suppressions sp))`;
