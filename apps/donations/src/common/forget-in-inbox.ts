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

const WITHOUT_PERSONAL_DETAILS = `e.payload ${PERSONAL_PATHS.map((path) => `#- '{data,object,${path}}'`).join(' ')}`;

/** The Stripe ids an event's object names: its own, and its customer's, payment's, charge's, invoice's, subscription's. */
const NAMED_IDS = `ARRAY[${['id', 'customer', 'payment_intent', 'charge', 'invoice', 'subscription']
  .map((key) => `e.payload->'data'->'object'->>'${key}'`)
  .join(', ')}]`;

/**
 * The Stripe ids a donation and a monthly gift record. Written exactly as the partial indexes of
 * forgotten donors' ids (migration `1765100000001`) so the planner can use them.
 */
const DONATION_IDS =
  'ARRAY[d.stripe_checkout_session_id, d.stripe_invoice_id, d.stripe_payment_intent_id, d.stripe_charge_id, d.stripe_subscription_id]';
const MONTHLY_GIFT_IDS = 'ARRAY[r.stripe_subscription_id, r.stripe_checkout_session_id]';

/** The supporter's Stripe events, found by the ids their donations and monthly gifts recorded. */
export const FORGET_IN_INBOX = `
  WITH ids AS (
    SELECT unnest(${DONATION_IDS}) AS id FROM donations d WHERE d.supporter_id = $1
    UNION
    SELECT unnest(${MONTHLY_GIFT_IDS} || r.stripe_customer_id) FROM recurring_donations r WHERE r.supporter_id = $1)
  UPDATE stripe_events e SET payload = ${WITHOUT_PERSONAL_DETAILS}
   WHERE EXISTS (SELECT 1 FROM ids WHERE ids.id = ANY(${NAMED_IDS}))`;

/**
 * A processed event's payload: without the donor's details when it is about a donation or monthly
 * gift whose donor was erased before it came (Stripe goes on sending a settling, a refund, a renewal
 * with the address in); the ledger already keeps them out of the donation rows. Unlike the erasure
 * itself, this does not go by the Stripe customer: someone who comes back may pay again as the same
 * customer.
 */
export const PAYLOAD_WITHOUT_ERASED_DONOR = `
  CASE WHEN EXISTS (SELECT 1 FROM donations d WHERE d.donor_forgotten_at IS NOT NULL AND ${DONATION_IDS} && ${NAMED_IDS})
         OR EXISTS (SELECT 1 FROM recurring_donations r
                     WHERE r.donor_forgotten_at IS NOT NULL AND ${MONTHLY_GIFT_IDS} && ${NAMED_IDS})
       THEN ${WITHOUT_PERSONAL_DETAILS} ELSE e.payload END`;
