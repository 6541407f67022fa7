import type { JobOf, donationsEventsQueue } from '@crm/queues';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lockStripeObjects } from '../stripe-events/stripe-object-locks';

type LinkSupporter = JobOf<typeof donationsEventsQueue, 'link-supporter'>;

/** Facts from the subscribers app about who gave: the supporter behind a gift, or an erasure. */
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
  'metadata,donor_name',
];

/** The supporter's Stripe events, found by the ids their donations and monthly gifts recorded. */
const FORGET_IN_INBOX = `
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

@Injectable()
export class SupporterLinkService {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the supporter on the donation, its monthly gift, their other instalments and Gift Aid declaration. */
  async link({ supporterId, donationId, recurringDonationId }: LinkSupporter): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      // Same lock as the instalments' processing, so an instalment recorded meanwhile is not missed.
      const [gift] = await db.query<{ id: string; stripe_subscription_id: string }[]>(
        `SELECT id, stripe_subscription_id FROM recurring_donations
         WHERE id = $1 OR id = (SELECT recurring_donation_id FROM donations WHERE id = $2)`,
        [recurringDonationId ?? null, donationId ?? null],
      );
      await lockStripeObjects(db, [gift?.stripe_subscription_id ?? null]);
      if (donationId) {
        await db.query('UPDATE donations SET supporter_id = $1, updated_at = now() WHERE id = $2', [
          supporterId,
          donationId,
        ]);
      }
      const recurringId = gift?.id ?? null;
      if (recurringId) {
        await db.query(
          `UPDATE recurring_donations SET supporter_id = $1, updated_at = now() WHERE id = $2;`,
          [supporterId, recurringId],
        );
        await db.query(
          `UPDATE donations SET supporter_id = $1, updated_at = now()
           WHERE recurring_donation_id = $2 AND supporter_id IS NULL`,
          [supporterId, recurringId],
        );
      }
      await db.query(
        `UPDATE gift_aid_declarations g SET supporter_id = $1
         WHERE g.id IN (SELECT gift_aid_declaration_id FROM donations WHERE id = $2 OR recurring_donation_id = $3)`,
        [supporterId, donationId ?? null, recurringId],
      );
    });
  }

  /**
   * Erasure: the donor's email and name go, from the donations and from the Stripe events kept in
   * the inbox (so reprocessing one cannot bring them back); amounts stay for the accounts. Gift Aid
   * declarations (name, house, postcode) stay: HMRC requires them for 6 years after the claim.
   */
  async forget(supporterId: string): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      await db.query(FORGET_IN_INBOX, [supporterId]);
      await db.query(
        'UPDATE donations SET email = NULL, donor_name = NULL, updated_at = now() WHERE supporter_id = $1',
        [supporterId],
      );
      await db.query(
        'UPDATE recurring_donations SET email = NULL, donor_name = NULL, updated_at = now() WHERE supporter_id = $1',
        [supporterId],
      );
    });
  }
}
