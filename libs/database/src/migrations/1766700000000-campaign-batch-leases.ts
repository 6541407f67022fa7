import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Any number of mailer processes: a batch being sent is owned through a lease (`lease_owner`, one
 * token per claim, and `lease_expires_at`, renewed while the request is in flight), so a process
 * takes over only a batch whose owner stopped renewing. With MAIL_SEND_DELAY_MINUTES, every request
 * of a campaign carries SendGrid's `batch_id` (`campaigns.send_batch_id`, and on each batch the one
 * it went out with); after a crash that batch id is cancelled and its batches go out again as a new
 * generation (`generation` numbers their jobs).
 */
export class CampaignBatchLeases1766700000000 implements MigrationInterface {
  name = 'CampaignBatchLeases1766700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_batches
      ADD COLUMN lease_owner text,
      ADD COLUMN lease_expires_at timestamptz,
      ADD COLUMN send_batch_id text,
      ADD COLUMN generation int NOT NULL DEFAULT 0`);
    await db.query('ALTER TABLE campaigns ADD COLUMN send_batch_id text');
    await db.query(
      `CREATE INDEX campaign_batches_sending_lease ON campaign_batches (lease_expires_at) WHERE status = 'sending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX campaign_batches_sending_lease');
    await db.query('ALTER TABLE campaigns DROP COLUMN send_batch_id');
    await db.query(`ALTER TABLE campaign_batches DROP COLUMN lease_owner, DROP COLUMN lease_expires_at,
      DROP COLUMN send_batch_id, DROP COLUMN generation`);
  }
}
