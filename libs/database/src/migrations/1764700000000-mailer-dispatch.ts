import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mailer dispatch: a recipient who stopped being mailable between freezing and sending is
 * `skipped`; a recurring campaign has at most one instance per run time; batch sweeps find the
 * unfinished batches without scanning history.
 */
export class MailerDispatch1764700000000 implements MigrationInterface {
  name = 'MailerDispatch1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE campaign_recipients DROP CONSTRAINT campaign_recipients_status_check;
      ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_status_check CHECK (status IN ('queued',
        'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'failed', 'uncertain',
        'skipped'));
      CREATE UNIQUE INDEX campaigns_recurring_run ON campaigns (parent_campaign_id, scheduled_at)
        WHERE parent_campaign_id IS NOT NULL;
      CREATE INDEX campaign_batches_unfinished ON campaign_batches (campaign_id, status)
        WHERE status IN ('pending', 'sending', 'uncertain');
      CREATE INDEX campaigns_status ON campaigns (status);
      CREATE INDEX campaign_recipients_status ON campaign_recipients (campaign_id, status);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX campaign_recipients_status, campaigns_status, campaign_batches_unfinished, campaigns_recurring_run;
      UPDATE campaign_recipients SET status = 'failed' WHERE status = 'skipped';
      ALTER TABLE campaign_recipients DROP CONSTRAINT campaign_recipients_status_check;
      ALTER TABLE campaign_recipients ADD CONSTRAINT campaign_recipients_status_check CHECK (status IN ('queued',
        'sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed', 'failed', 'uncertain'));
    `);
  }
}
