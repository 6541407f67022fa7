import type { MigrationInterface, QueryRunner } from 'typeorm';

const STRIPE_KEYS = [
  'stripe_checkout_session_id',
  'stripe_payment_intent_id',
  'stripe_invoice_id',
  'stripe_charge_id',
] as const;

/**
 * The four Stripe ids of a gift stay unique, but only gifts that have one are indexed: an offline
 * or imported gift (cash, cheque, a JustGiving file) has none of them, and each of its rows put a
 * null into all four indexes, about a third of the index entries a gifts import writes. Nulls never
 * conflicted in a unique constraint, so which rows may coexist is unchanged; an upsert keyed by one
 * of these ids names the index's condition (`ON CONFLICT (col) WHERE col IS NOT NULL`), and a
 * lookup by a value (`col = $1`) implies it.
 */
export class DonationsPartialStripeKeys1766900000001 implements MigrationInterface {
  name = 'DonationsPartialStripeKeys1766900000001';

  async up(db: QueryRunner): Promise<void> {
    for (const column of STRIPE_KEYS) {
      await db.query(`ALTER TABLE donations DROP CONSTRAINT donations_${column}_key`);
      await db.query(
        `CREATE UNIQUE INDEX donations_${column}_key ON donations (${column}) WHERE ${column} IS NOT NULL`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const column of STRIPE_KEYS) {
      await db.query(`DROP INDEX donations_${column}_key`);
      await db.query(`ALTER TABLE donations ADD CONSTRAINT donations_${column}_key UNIQUE (${column})`);
    }
  }
}
