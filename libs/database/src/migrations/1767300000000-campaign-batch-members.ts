import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign's audience frozen as keys only: per planned batch, the supporter ids of its
 * recipients in order and the number of the first (recipient ids follow from the campaign id and
 * that number). The start writes these rows in one statement under the campaign's row lock; the
 * ledger rows (`campaign_recipients`) are written from them batch by batch while the first batches
 * already go out, each exactly once: whoever writes a batch's ledger rows deletes its row here in
 * the same statement (a claim, or the start job writing ahead of the claims). No foreign key:
 * campaign rows are never deleted, as for `campaign_recipients`.
 */
export class CampaignBatchMembers1767300000000 implements MigrationInterface {
  name = 'CampaignBatchMembers1767300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign_batch_members (
        campaign_id uuid NOT NULL,
        seq int NOT NULL,
        first_number int NOT NULL,
        supporter_ids uuid[] NOT NULL,
        CONSTRAINT campaign_batch_members_pkey PRIMARY KEY (campaign_id, seq)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE campaign_batch_members');
  }
}
