import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Stripe ids of erased donors' donations and monthly gifts, each table's as one array in a
 * partial GIN index: every processed Stripe event is checked against them (one probe of a small
 * index per table), so an event arriving after an erasure loses the donor's details in the inbox too.
 */
export class ForgottenDonorStripeIds1765100000001 implements MigrationInterface {
  name = 'ForgottenDonorStripeIds1765100000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX donations_forgotten_stripe_ids ON donations USING gin
        ((ARRAY[stripe_checkout_session_id, stripe_invoice_id, stripe_payment_intent_id, stripe_charge_id, stripe_subscription_id]))
        WHERE donor_forgotten_at IS NOT NULL;
      CREATE INDEX recurring_donations_forgotten_stripe_ids ON recurring_donations USING gin
        ((ARRAY[stripe_subscription_id, stripe_checkout_session_id]))
        WHERE donor_forgotten_at IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(
      'DROP INDEX donations_forgotten_stripe_ids; DROP INDEX recurring_donations_forgotten_stripe_ids',
    );
  }
}
