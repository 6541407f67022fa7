import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The link a click event was for (checked http/https and at most 2,048 characters by the webhook,
 * with link tokens redacted), and the clicks of one campaign by link: the per-email report counts
 * them. The index is partial, so the opens, deliveries and the rest the webhook stores cost it nothing.
 */
export class EmailEventClickUrls1765800000000 implements MigrationInterface {
  name = 'EmailEventClickUrls1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE email_events ADD COLUMN url text`);
    await db.query(
      `CREATE INDEX email_events_campaign_clicks ON email_events (campaign_id, url) WHERE type = 'click'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX email_events_campaign_clicks`);
    await db.query(`ALTER TABLE email_events DROP COLUMN url`);
  }
}
