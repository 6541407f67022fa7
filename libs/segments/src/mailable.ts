/**
 * Whether a supporter may receive marketing mail right now, as boolean SQL over supporters `s`:
 * not erased, newsletter subscription subscribed and confirmed, address not suppressed. Applied at
 * send time beside a segment, never stored in one.
 */
export const MAILABLE_SUPPORTER_SQL =
  "(s.erased_at IS NULL AND s.email_normalised IS NOT NULL AND EXISTS (SELECT 1 FROM newsletter_subscriptions ns WHERE ns.supporter_id = s.id AND ns.status = 'subscribed' AND ns.confirmed_at IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM suppressions sp WHERE sp.email_normalised = s.email_normalised))";
