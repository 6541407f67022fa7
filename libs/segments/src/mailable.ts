/**
 * Not erased, still has an address, newsletter subscription subscribed and confirmed (copied onto
 * the supporter row as `newsletter_confirmed` by triggers on the subscriptions).
 */
const CONTACTABLE = 's.erased_at IS NULL AND s.email_normalised IS NOT NULL AND s.newsletter_confirmed';

/**
 * Whether a supporter may receive marketing mail right now, as boolean SQL over supporters `s`:
 * contactable and subscribed, address not suppressed. Applied at send time beside a segment,
 * never stored in one.
 */
export const MAILABLE_SUPPORTER_SQL = `(${CONTACTABLE} AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = s.email_normalised))`;

/**
 * The same test as a value computed for each member of a segment (its mailable count): `NOT IN`
 * hashes the suppressions once, where `NOT EXISTS` outside a WHERE would probe them member by
 * member. Suppressed addresses are a primary key (never null) and a null address is refused first,
 * so `NOT IN` has none of its null surprises here.
 */
export const MAILABLE_MEMBER_SQL = `(${CONTACTABLE} AND s.email_normalised NOT IN (SELECT sp.email_normalised FROM suppressions sp))`;
