import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Freezing a campaign writes up to millions of `campaign_recipients` rows in one statement, and the
 * foreign key to `campaigns` ran a trigger per row (a third of the freeze). The freeze inserts the
 * campaign id it has just locked, and campaign rows are never deleted (no code path deletes one;
 * a cancelled or finished campaign stays as history), so the reference cannot dangle.
 */
export class CampaignRecipientsLeanFreeze1764710000000 implements MigrationInterface {
  name = 'CampaignRecipientsLeanFreeze1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_recipients DROP CONSTRAINT campaign_recipients_campaign_id_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_campaign_id_fkey
        FOREIGN KEY (campaign_id) REFERENCES campaigns (id)
    `);
  }
}
