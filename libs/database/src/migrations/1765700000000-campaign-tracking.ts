import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Open and click tracking chosen per campaign and sent to SendGrid as `tracking_settings` in each
 * batch request; on by default, as SendGrid's own account default is. A constant default adds the
 * columns without rewriting the table.
 */
export class CampaignTracking1765700000000 implements MigrationInterface {
  name = 'CampaignTracking1765700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE campaigns ADD COLUMN track_opens boolean NOT NULL DEFAULT true,
                             ADD COLUMN track_clicks boolean NOT NULL DEFAULT true`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaigns DROP COLUMN track_opens, DROP COLUMN track_clicks`);
  }
}
