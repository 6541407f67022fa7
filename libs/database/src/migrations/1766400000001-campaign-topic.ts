import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign is sent for one topic and reaches only the supporters on it. Campaigns written
 * before topics were Newsletters, and a campaign that names none still is.
 */
export class CampaignTopic1766400000001 implements MigrationInterface {
  name = 'CampaignTopic1766400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaigns ADD COLUMN topic_id uuid NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001'
        CONSTRAINT campaigns_topic_id_fkey REFERENCES topics (id);
      CREATE INDEX topic_subscriptions_left_at ON topic_subscriptions (updated_at) WHERE NOT subscribed;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX topic_subscriptions_left_at; ALTER TABLE campaigns DROP COLUMN topic_id;`);
  }
}
