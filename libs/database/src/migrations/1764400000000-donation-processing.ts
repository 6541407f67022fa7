import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the donations app needs to converge whatever order Stripe's events arrive in: the
 * subscription of an instalment, when its downstream messages were requested, and refund/dispute
 * facts recorded per charge so they apply whenever the donation they belong to appears.
 */
export class DonationProcessing1764400000000 implements MigrationInterface {
  name = 'DonationProcessing1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE donations
        ADD COLUMN stripe_subscription_id text,
        ADD COLUMN notified_at timestamptz;
      CREATE INDEX donations_created_at_id ON donations (created_at DESC, id DESC);
      CREATE INDEX donations_subscription ON donations (stripe_subscription_id);
      CREATE INDEX recurring_donations_created_at_id ON recurring_donations (created_at DESC, id DESC);
      CREATE TABLE stripe_charge_adjustments (
        stripe_charge_id text PRIMARY KEY,
        stripe_payment_intent_id text,
        amount_refunded int NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0),
        dispute_status text,
        dispute_event_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX stripe_charge_adjustments_payment_intent
        ON stripe_charge_adjustments (stripe_payment_intent_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE stripe_charge_adjustments;
      DROP INDEX recurring_donations_created_at_id;
      DROP INDEX donations_subscription;
      DROP INDEX donations_created_at_id;
      ALTER TABLE donations DROP COLUMN notified_at, DROP COLUMN stripe_subscription_id;
    `);
  }
}
