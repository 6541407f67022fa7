import { runSql, type Sql, sql } from '@crm/sql';
import type { EntityManager } from 'typeorm';
import { DECLARATION_METADATA_KEYS } from '../gift-aid/declaration-metadata';

/** Where Stripe objects carry a donor's details (sessions, invoices, charges, customers); nothing read for money. */
const PERSONAL_PATHS = [
  'customer_details',
  'customer_email',
  'customer_name',
  'customer_address',
  'customer_phone',
  'customer_shipping',
  'billing_details',
  'receipt_email',
  'shipping',
  // A customer object's own (customer.* events, if the endpoint is sent them).
  'email',
  'name',
  'phone',
  'address',
  // A dispute's evidence names the customer; a gift's name travels in metadata, which Stripe
  // copies from the checkout onto the subscription and every invoice (both API shapes).
  'evidence',
  'metadata,donor_name',
  // A checkout's Gift Aid declaration (the row itself is kept for HMRC).
  ...DECLARATION_METADATA_KEYS.map((key) => `metadata,${key}`),
  'subscription_details,metadata,donor_name',
  'parent,subscription_details,metadata,donor_name',
];

/** An event's payload, aliased `e`, without the donor's details. */
const withoutPersonalDetails = (e: string): Sql =>
  sql`${sql.ident(e)}.payload ${sql.raw(PERSONAL_PATHS.map((path) => `#- '{data,object,${path}}'`).join(' '))}`;

/** The Stripe ids an event's object (aliased `e`) names: its own, and its customer's, payment's, charge's, invoice's, subscription's. */
const namedIds = (e: string): Sql =>
  sql`ARRAY[${sql.join(
    ['id', 'customer', 'payment_intent', 'charge', 'invoice', 'subscription'].map(
      (key) => sql`${sql.ident(e)}.payload->'data'->'object'->>${sql.raw(`'${key}'`)}`,
    ),
    ', ',
  )}]`;

/**
 * The Stripe ids a donation (aliased `d`) and a monthly gift (aliased `r`) record. Written exactly
 * as the partial indexes of forgotten donors' ids (migration `1765100000001`) so the planner can use them.
 */
const donationIds = (d: string): Sql => {
  const dn = sql.ident(d);
  return sql`ARRAY[${dn}.stripe_checkout_session_id, ${dn}.stripe_invoice_id, ${dn}.stripe_payment_intent_id, ${dn}.stripe_charge_id, ${dn}.stripe_subscription_id]`;
};
const monthlyGiftIds = (r: string): Sql =>
  sql`ARRAY[${sql.ident(r)}.stripe_subscription_id, ${sql.ident(r)}.stripe_checkout_session_id]`;

/** Takes the supporter's details out of their Stripe events, found by the ids their donations and monthly gifts recorded. */
async function forgetInInbox(db: EntityManager, supporterId: string): Promise<void> {
  await runSql(
    db,
    sql`
  WITH ids AS (
    SELECT unnest(${donationIds('d')}) AS id FROM donations d WHERE d.supporter_id = ${supporterId}
    UNION
    SELECT unnest(${monthlyGiftIds('r')} || r.stripe_customer_id) FROM recurring_donations r WHERE r.supporter_id = ${supporterId})
  UPDATE stripe_events e SET payload = ${withoutPersonalDetails('e')}
   WHERE EXISTS (SELECT 1 FROM ids WHERE ids.id = ANY(${namedIds('e')}))`,
  );
}

/**
 * A processed event's payload (the event aliased `e`): without the donor's details when it is about
 * a donation or monthly gift whose donor was erased before it came (Stripe goes on sending a
 * settling, a refund, a renewal with the address in); the ledger already keeps them out of the
 * donation rows. Unlike the erasure itself, this does not go by the Stripe customer: someone who
 * comes back may pay again as the same customer.
 */
export const payloadWithoutErasedDonor = (e: string): Sql => sql`
  CASE WHEN EXISTS (SELECT 1 FROM donations d WHERE d.donor_forgotten_at IS NOT NULL AND ${donationIds('d')} && ${namedIds(e)})
         OR EXISTS (SELECT 1 FROM recurring_donations r
                     WHERE r.donor_forgotten_at IS NOT NULL AND ${monthlyGiftIds('r')} && ${namedIds(e)})
       THEN ${withoutPersonalDetails(e)} ELSE ${sql.ident(e)}.payload END`;

/**
 * Erasure of a supporter's donor details: from the Stripe events kept in the inbox (so reprocessing
 * one cannot bring them back), then from their donations and monthly gifts, which are marked (a
 * later event about the same payment does not fill them in again) and whose donor links are
 * revoked (their version moves on). Amounts stay for the accounts.
 */
export async function forgetDonor(db: EntityManager, supporterId: string): Promise<void> {
  await forgetInInbox(db, supporterId);
  await runSql(
    db,
    sql`UPDATE donations SET email = NULL, donor_name = NULL, donor_forgotten_at = COALESCE(donor_forgotten_at, now()),
           updated_at = now() WHERE supporter_id = ${supporterId}`,
  );
  await runSql(
    db,
    sql`UPDATE recurring_donations SET email = NULL, donor_name = NULL, donor_forgotten_at = COALESCE(donor_forgotten_at, now()),
           donor_link_version = donor_link_version + 1, updated_at = now() WHERE supporter_id = ${supporterId}`,
  );
}
