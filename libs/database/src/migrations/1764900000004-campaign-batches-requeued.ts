import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A batch made by "retry failed" or "resend uncertain" goes out after the freeze checked who may
 * be mailed, maybe only seconds later: it is marked so that its sender checks again.
 */
export class CampaignBatchesRequeued1764900000004 implements MigrationInterface {
  name = 'CampaignBatchesRequeued1764900000004';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE campaign_batches ADD COLUMN requeued boolean NOT NULL DEFAULT false');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE campaign_batches DROP COLUMN requeued');
  }
}
