const SUBSCRIBED = (alias: string): string =>
  `${alias}.status = 'subscribed' AND ${alias}.confirmed_at IS NOT NULL`;
const CONTACTABLE = 's.erased_at IS NULL AND s.email_normalised IS NOT NULL';

/**
 * Whether a supporter may receive marketing mail right now, as boolean SQL over supporters `s`:
 * not erased, newsletter subscription subscribed and confirmed, address not suppressed. Applied at
 * send time beside a segment, never stored in one.
 */
export const MAILABLE_SUPPORTER_SQL = `(${CONTACTABLE} AND EXISTS (SELECT 1 FROM newsletter_subscriptions ns WHERE ns.supporter_id = s.id AND ${SUBSCRIBED('ns')}) AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = s.email_normalised))`;

/**
 * The same test as outer joins, for counting the mailable share of a large segment: the planner
 * can hash-join both tables once instead of probing them for every member.
 */
export const MAILABLE_JOINS = `LEFT JOIN newsletter_subscriptions mailable_ns ON mailable_ns.supporter_id = s.id AND ${SUBSCRIBED('mailable_ns')} LEFT JOIN suppressions mailable_sp ON mailable_sp.email_normalised = s.email_normalised`;
export const MAILABLE_JOINED_SQL = `(${CONTACTABLE} AND mailable_ns.supporter_id IS NOT NULL AND mailable_sp.email_normalised IS NULL)`;
