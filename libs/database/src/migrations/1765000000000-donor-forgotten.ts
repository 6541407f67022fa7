import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a donation or monthly gift's donor was erased: a later Stripe event about the same payment
 * (an async payment settling, a refund) carries the address and name again, and must not put
 * them back. Rows already erased (linked to an erased supporter, name and address gone) are marked.
 */
export class DonorForgotten1765000000000 implements MigrationInterface {
  name = 'DonorForgotten1765000000000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of ['donations', 'recurring_donations']) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN donor_forgotten_at timestamptz`);
      await db.query(
        `UPDATE ${table} t SET donor_forgotten_at = s.erased_at
           FROM supporters s WHERE s.id = t.supporter_id AND s.erased_at IS NOT NULL`,
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['donations', 'recurring_donations']) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN donor_forgotten_at`);
    }
  }
}
