import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subscriptions that make a supporter mailable (subscribed and confirmed), as a partial index
 * on the supporter id: counting the mailable share of a segment (and freezing campaign recipients)
 * reads it index-only, in id order, instead of scanning every subscription row.
 */
export class MailableSubscriptions1764800000001 implements MigrationInterface {
  name = 'MailableSubscriptions1764800000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX newsletter_subscriptions_mailable ON newsletter_subscriptions (supporter_id)
        WHERE status = 'subscribed' AND confirmed_at IS NOT NULL;
      ANALYZE newsletter_subscriptions;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX newsletter_subscriptions_mailable');
  }
}
