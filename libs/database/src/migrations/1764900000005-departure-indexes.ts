import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who stopped being mailable since a moment (unsubscribed, erased, suppressed), found by time:
 * every campaign batch asks it about the minutes since its campaign started, so each lookup must
 * read only the few rows of those minutes.
 */
export class DepartureIndexes1764900000005 implements MigrationInterface {
  name = 'DepartureIndexes1764900000005';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX newsletter_subscriptions_unsubscribed_at ON newsletter_subscriptions (unsubscribed_at)
        WHERE unsubscribed_at IS NOT NULL;
      CREATE INDEX supporters_erased_at ON supporters (erased_at) WHERE erased_at IS NOT NULL;
      CREATE INDEX suppressions_created_at ON suppressions (created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX suppressions_created_at;
      DROP INDEX supporters_erased_at;
      DROP INDEX newsletter_subscriptions_unsubscribed_at;
    `);
  }
}
