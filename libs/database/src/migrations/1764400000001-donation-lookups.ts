import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes for the staff filters by email, the Gift Aid eligibility scan and the inbox sweep. */
export class DonationLookups1764400000001 implements MigrationInterface {
  name = 'DonationLookups1764400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX donations_email_lower ON donations (lower(email));
      CREATE INDEX donations_gift_aid ON donations (gift_aid_declaration_id)
        WHERE gift_aid_declaration_id IS NOT NULL;
      CREATE INDEX recurring_donations_email_lower ON recurring_donations (lower(email));
      CREATE INDEX stripe_events_unprocessed ON stripe_events (received_at) WHERE processed_at IS NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX stripe_events_unprocessed;
      DROP INDEX recurring_donations_email_lower;
      DROP INDEX donations_gift_aid;
      DROP INDEX donations_email_lower;
    `);
  }
}
