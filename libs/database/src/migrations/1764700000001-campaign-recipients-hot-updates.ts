import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign sets every recipient's status twice or more (queued → sent → delivered…). With no
 * index on status and room left in each page, those updates are HOT (no index writes), which is
 * most of the cost of sending a million. Counts by status read through the (campaign, batch) index.
 */
export class CampaignRecipientsHotUpdates1764700000001 implements MigrationInterface {
  name = 'CampaignRecipientsHotUpdates1764700000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX campaign_recipients_status;
      ALTER TABLE campaign_recipients SET (fillfactor = 70);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaign_recipients RESET (fillfactor);
      CREATE INDEX campaign_recipients_status ON campaign_recipients (campaign_id, status);
    `);
  }
}
