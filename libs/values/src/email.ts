import { createHash } from 'node:crypto';

/**
 * The key every record about one address is matched on: `supporters.email_normalised`,
 * `suppressions.email_normalised`, the address of a SendGrid event or a staff account. The whole
 * address, trimmed and lower-cased, local part included: a mail provider may treat `Ada@` and
 * `ada@` as two mailboxes, but one person typing their address twice rarely means two people, and
 * a suppression must reach the supporter however either was typed.
 *
 * Every address the apps accept is ASCII (see the subscribers app's `parseEmailAddress`), so this
 * and PostgreSQL's `lower()` give the same key, which is what lets SQL compare
 * `lower(to_address)` with a key computed here.
 */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * How records that must outlive an address name it without keeping it: the SHA-256 (hex) of the
 * normalised address. The erasure tombstone (`erased_emails`) and the suppressions' audit rows use
 * the same hash, so an admin can still tell which address an audit row is about.
 */
export const addressHash = (normalised: string): string =>
  createHash('sha256').update(normalised).digest('hex');
