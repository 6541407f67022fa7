import type { DonationFrequency } from '@crm/entities';
import type { EntityManager } from 'typeorm';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed';

export interface PaymentFacts {
  /** The Stripe id this payment is known by first: the session for one-off gifts, the invoice for instalments. */
  key: 'stripe_checkout_session_id' | 'stripe_invoice_id';
  checkoutSessionId: string | null;
  invoiceId: string | null;
  subscriptionId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  recurringDonationId: string | null;
  email: string | null;
  donorName: string | null;
  amount: number;
  feeAmount: number;
  currency: string;
  frequency: DonationFrequency;
  status: PaymentStatus;
  campaign: string | null;
  paidAt: number | null;
  /** The donor of the monthly gift this pays was erased: the payment is recorded without their email or name. */
  donorForgotten?: boolean;
}

/** The donation as recorded, with what the downstream messages need. */
export interface RecordedDonation {
  id: string;
  status: string;
  notified: boolean;
  email: string | null;
  donor_name: string | null;
  recurring_donation_id: string | null;
  stripe_payment_intent_id: string | null;
  stripe_charge_id: string | null;
  /** A refund or dispute is on record for its payment, to be applied (see charge-adjustments). */
  adjusted: boolean;
}

/**
 * Records a payment as one donation, keyed by its Stripe id so that the same payment seen through
 * several events (a session and its first invoice, a redelivery) is one row. A settled status is
 * never taken back to pending; ids and donor facts only fill gaps, and never those of an erased donor.
 */
export async function upsertDonation(db: EntityManager, facts: PaymentFacts): Promise<RecordedDonation> {
  const rows: RecordedDonation[] = await db.query(
    `INSERT INTO donations AS d (email, donor_name, amount, fee_amount, currency, frequency, status,
       campaign, stripe_checkout_session_id, stripe_invoice_id, stripe_subscription_id,
       stripe_payment_intent_id, stripe_charge_id, recurring_donation_id, paid_at, gift_aid_declaration_id,
       donor_forgotten_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, to_timestamp($15),
       (SELECT id FROM gift_aid_declarations WHERE stripe_checkout_session_id = $9), $16)
     ON CONFLICT (${facts.key}) DO UPDATE SET
       status = CASE WHEN d.status = 'pending' THEN EXCLUDED.status ELSE d.status END,
       donor_forgotten_at = COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at),
       email = CASE WHEN COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at) IS NULL
                    THEN COALESCE(d.email, EXCLUDED.email) END,
       donor_name = CASE WHEN COALESCE(d.donor_forgotten_at, EXCLUDED.donor_forgotten_at) IS NULL
                         THEN COALESCE(d.donor_name, EXCLUDED.donor_name) END,
       campaign = COALESCE(d.campaign, EXCLUDED.campaign),
       stripe_checkout_session_id = COALESCE(d.stripe_checkout_session_id, EXCLUDED.stripe_checkout_session_id),
       stripe_invoice_id = COALESCE(d.stripe_invoice_id, EXCLUDED.stripe_invoice_id),
       stripe_subscription_id = COALESCE(d.stripe_subscription_id, EXCLUDED.stripe_subscription_id),
       stripe_payment_intent_id = COALESCE(d.stripe_payment_intent_id, EXCLUDED.stripe_payment_intent_id),
       stripe_charge_id = COALESCE(d.stripe_charge_id, EXCLUDED.stripe_charge_id),
       recurring_donation_id = COALESCE(d.recurring_donation_id, EXCLUDED.recurring_donation_id),
       gift_aid_declaration_id = COALESCE(d.gift_aid_declaration_id, EXCLUDED.gift_aid_declaration_id),
       paid_at = COALESCE(d.paid_at, EXCLUDED.paid_at),
       updated_at = now()
     RETURNING id, status, notified_at IS NOT NULL AS notified, email, donor_name, recurring_donation_id,
       stripe_payment_intent_id, stripe_charge_id,
       EXISTS (SELECT 1 FROM stripe_charge_adjustments a
               WHERE a.stripe_payment_intent_id = d.stripe_payment_intent_id
                  OR a.stripe_charge_id = d.stripe_charge_id) AS adjusted`,
    [
      facts.donorForgotten ? null : facts.email,
      facts.donorForgotten ? null : facts.donorName,
      facts.amount,
      facts.feeAmount,
      facts.currency,
      facts.frequency,
      facts.status,
      facts.campaign,
      facts.checkoutSessionId,
      facts.invoiceId,
      facts.subscriptionId,
      facts.paymentIntentId,
      facts.chargeId,
      facts.recurringDonationId,
      facts.status === 'succeeded' ? facts.paidAt : null,
      facts.donorForgotten ? new Date() : null,
    ],
  );
  return rows[0]!;
}

/**
 * Gives every instalment of a subscription what is known of its monthly gift: the gift itself,
 * its Gift Aid declaration, campaign, supporter and donor, whichever of them was recorded first.
 * Returns the instalments it changed, so any that only now have a donor get their messages.
 */
export async function linkInstalments(
  db: EntityManager,
  subscriptionId: string,
): Promise<RecordedDonation[]> {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [rows]: [RecordedDonation[], number] = await db.query(
    `UPDATE donations d SET
       recurring_donation_id = r.id,
       gift_aid_declaration_id = COALESCE(d.gift_aid_declaration_id, g.id),
       campaign = COALESCE(d.campaign, r.campaign),
       supporter_id = COALESCE(d.supporter_id, r.supporter_id),
       email = CASE WHEN d.donor_forgotten_at IS NULL THEN COALESCE(d.email, r.email) END,
       donor_name = CASE WHEN d.donor_forgotten_at IS NULL THEN COALESCE(d.donor_name, r.donor_name) END,
       updated_at = now()
     FROM recurring_donations r
     LEFT JOIN gift_aid_declarations g ON g.stripe_checkout_session_id = r.stripe_checkout_session_id
     WHERE r.stripe_subscription_id = $1 AND d.stripe_subscription_id = $1
       AND (d.recurring_donation_id IS NULL
         OR (d.gift_aid_declaration_id IS NULL AND g.id IS NOT NULL)
         OR (d.campaign IS NULL AND r.campaign IS NOT NULL)
         OR (d.supporter_id IS NULL AND r.supporter_id IS NOT NULL)
         OR (d.email IS NULL AND r.email IS NOT NULL))
     RETURNING d.id, d.status, d.notified_at IS NOT NULL AS notified, d.email, d.donor_name,
       d.recurring_donation_id, d.stripe_payment_intent_id, d.stripe_charge_id, false AS adjusted`,
    [subscriptionId],
  );
  return rows;
}
