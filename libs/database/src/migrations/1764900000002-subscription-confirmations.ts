import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Confirmation links get a table of their own: a second sign-up sent a new link and overwrote the
 * subscription's only token, so the first email's link stopped working. Each link now keeps its
 * own row until it expires; the links still valid are carried over.
 */
export class SubscriptionConfirmations1764900000002 implements MigrationInterface {
  name = 'SubscriptionConfirmations1764900000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE subscription_confirmations (
        token_hash text PRIMARY KEY,
        supporter_id uuid NOT NULL REFERENCES supporters (id),
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX subscription_confirmations_supporter ON subscription_confirmations (supporter_id);
      INSERT INTO subscription_confirmations (token_hash, supporter_id, expires_at)
        SELECT confirm_token_hash, supporter_id, confirm_token_expires_at FROM newsletter_subscriptions
         WHERE confirm_token_hash IS NOT NULL AND confirm_token_expires_at > now();
      ALTER TABLE newsletter_subscriptions DROP COLUMN confirm_token_hash, DROP COLUMN confirm_token_expires_at;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE newsletter_subscriptions ADD COLUMN confirm_token_hash text UNIQUE,
        ADD COLUMN confirm_token_expires_at timestamptz;
      UPDATE newsletter_subscriptions ns SET confirm_token_hash = c.token_hash, confirm_token_expires_at = c.expires_at
        FROM (SELECT DISTINCT ON (supporter_id) supporter_id, token_hash, expires_at FROM subscription_confirmations
               ORDER BY supporter_id, expires_at DESC) c
       WHERE c.supporter_id = ns.supporter_id;
      DROP TABLE subscription_confirmations;
    `);
  }
}
