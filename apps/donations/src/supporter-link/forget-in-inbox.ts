/** Where Stripe objects carry a donor's details (sessions, invoices, charges); nothing read for money. */
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
  // A dispute's evidence names the customer; a gift's name travels in metadata, which Stripe
  // copies from the checkout onto the subscription and every invoice (both API shapes).
  'evidence',
  'metadata,donor_name',
  'subscription_details,metadata,donor_name',
  'parent,subscription_details,metadata,donor_name',
];

/** The supporter's Stripe events, found by the ids their donations and monthly gifts recorded. */
export const FORGET_IN_INBOX = `
  WITH ids AS (
    SELECT unnest(ARRAY[stripe_checkout_session_id, stripe_invoice_id, stripe_payment_intent_id,
                        stripe_charge_id, stripe_subscription_id]) AS id
      FROM donations WHERE supporter_id = $1
    UNION
    SELECT unnest(ARRAY[stripe_subscription_id, stripe_customer_id, stripe_checkout_session_id])
      FROM recurring_donations WHERE supporter_id = $1)
  UPDATE stripe_events e SET payload = e.payload ${PERSONAL_PATHS.map((path) => `#- '{data,object,${path}}'`).join(' ')}
   WHERE EXISTS (SELECT 1 FROM ids WHERE ids.id IS NOT NULL AND ids.id IN (
     e.payload->'data'->'object'->>'id', e.payload->'data'->'object'->>'customer',
     e.payload->'data'->'object'->>'payment_intent', e.payload->'data'->'object'->>'invoice',
     e.payload->'data'->'object'->>'subscription'))`;
