import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether each campaign relies on its audience (scheduled, recurring or sending), as the mailer
 * tells the subscribers app with `record-audience-use`: `audience_version` grows in the same
 * statement that records a change, and `audience_published_version` once the job is queued, so a
 * change whose job was not queued (a crash in between) is queued at the next start.
 *
 * Campaigns already scheduled or sending rely on their audience now; the subscribers app counts a
 * campaign it has heard nothing about from its row, so nothing needs to be sent for them.
 */
export class CampaignAudienceUse1765900000002 implements MigrationInterface {
  name = 'CampaignAudienceUse1765900000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaigns
        ADD COLUMN audience_in_use boolean NOT NULL DEFAULT false,
        ADD COLUMN audience_segment_id uuid,
        ADD COLUMN audience_version bigint NOT NULL DEFAULT 0,
        ADD COLUMN audience_published_version bigint NOT NULL DEFAULT 0`);
    await db.query(`
      UPDATE campaigns SET audience_in_use = true, audience_segment_id = segment_id
       WHERE status IN ('scheduled', 'sending')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaigns DROP COLUMN audience_in_use, DROP COLUMN audience_segment_id,
        DROP COLUMN audience_version, DROP COLUMN audience_published_version`);
  }
}
