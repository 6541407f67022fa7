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
 * The same test with the suppressions as an outer join, for counting the mailable share of a large
 * segment: the planner can hash the suppressions once instead of probing them for every member.
 */
export const MAILABLE_JOINS = `LEFT JOIN suppressions mailable_sp ON mailable_sp.email_normalised = s.email_normalised`;
export const MAILABLE_JOINED_SQL = `(${CONTACTABLE} AND mailable_sp.email_normalised IS NULL)`;
