import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The charity soft opt-in (PECR reg. 22(3A), in force from 5 February 2026): a donor offered a
 * clear opt-out when giving who did not take it may be emailed about the charity's own work, on
 * the topics that allow it. One row per supporter: when it began, and when they opted out. The
 * ledger records both with the words shown, as kinds of their own.
 */
export class SoftOptIn1766400000002 implements MigrationInterface {
  name = 'SoftOptIn1766400000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE soft_opt_ins (
        supporter_id uuid PRIMARY KEY CONSTRAINT soft_opt_ins_supporter_id_fkey REFERENCES supporters (id),
        began_at timestamptz NOT NULL DEFAULT now(),
        opted_out_at timestamptz
      );
      CREATE INDEX soft_opt_ins_opted_out_at ON soft_opt_ins (opted_out_at) WHERE opted_out_at IS NOT NULL;
      ALTER TABLE consent_events DROP CONSTRAINT consent_events_kind_check;
      ALTER TABLE consent_events ADD CONSTRAINT consent_events_kind_check CHECK (kind IN
        ('requested', 'confirmed', 'unsubscribed', 'bounced', 'complained', 'imported', 'erased', 'topic_joined', 'topic_left',
         'soft_opt_in', 'soft_opt_out'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // The ledger is append-only: soft opt-in rows stay, so the widened kinds stay too.
    await db.query(`DROP TABLE soft_opt_ins;`);
  }
}
