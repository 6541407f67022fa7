import type { MigrationInterface, QueryRunner } from 'typeorm';
import { STARTER_SEGMENTS } from '../../../segments/src/starter-segments';

/**
 * Indexes shaped for the SQL the segment compiler writes (`s.id IN (SELECT supporter_id …)` over
 * counted donations, windows of email events, subscription dates, email domains) and the built-in
 * starter segments.
 */
export class Segments1764600000000 implements MigrationInterface {
  name = 'Segments1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX donations_counted_paid ON donations (paid_at)
        INCLUDE (supporter_id, amount, refunded_amount)
        WHERE status IN ('succeeded', 'partially_refunded') AND supporter_id IS NOT NULL;
      CREATE INDEX supporters_email_domain ON supporters (split_part(email_normalised, '@', 2));
      CREATE INDEX newsletter_subscriptions_confirmed_at ON newsletter_subscriptions (confirmed_at);
      CREATE INDEX email_events_type_occurred ON email_events (type, occurred_at) INCLUDE (supporter_id);
    `);
    for (const segment of STARTER_SEGMENTS) {
      await db.query(
        `INSERT INTO segments (name, description, rules, builtin) VALUES ($1, $2, $3, true)
         ON CONFLICT (name) DO NOTHING`,
        [segment.name, segment.description, JSON.stringify(segment.rules)],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM segments WHERE builtin;
      DROP INDEX email_events_type_occurred, newsletter_subscriptions_confirmed_at,
        supporters_email_domain, donations_counted_paid;
    `);
  }
}
