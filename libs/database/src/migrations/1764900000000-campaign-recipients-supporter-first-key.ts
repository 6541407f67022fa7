import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's "one row per campaign and supporter" key is kept with the supporter first, so the
 * same index also answers every lookup by supporter (profile, subject access, erasure, the
 * `campaign.received` segment field) and the separate supporter index goes: freezing a campaign
 * writes three indexes per recipient instead of four. Uniqueness is unchanged.
 */
export class CampaignRecipientsSupporterFirstKey1764900000000 implements MigrationInterface {
  name = 'CampaignRecipientsSupporterFirstKey1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaign_recipients
        ADD CONSTRAINT campaign_recipients_supporter_campaign_key UNIQUE (supporter_id, campaign_id),
        DROP CONSTRAINT campaign_recipients_campaign_id_supporter_id_key;
      DROP INDEX campaign_recipients_supporter;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX campaign_recipients_supporter ON campaign_recipients (supporter_id);
      ALTER TABLE campaign_recipients
        ADD CONSTRAINT campaign_recipients_campaign_id_supporter_id_key UNIQUE (campaign_id, supporter_id),
        DROP CONSTRAINT campaign_recipients_supporter_campaign_key;
    `);
  }
}
