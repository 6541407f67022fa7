import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the console's bell shows: a campaign was sent, failed, or has batches needing a person.
 * Written by the mailer in the same statement (or transaction) as the change it reports, once per
 * campaign, kind and occurrence (`occurrence`: which finish, or which round of attention).
 *
 * The console polls `id > cursor`, so ids must become visible in order: a row numbered 9 that
 * commits after row 10 was read would never be seen. The BEFORE trigger takes a transaction lock
 * and only then numbers the row, so the next writer numbers its row after this one commits.
 * Notifications are few (a handful per send), so the lock costs nothing measurable.
 */
export class CampaignNotifications1765900000001 implements MigrationInterface {
  name = 'CampaignNotifications1765900000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign_notifications (
        id bigserial PRIMARY KEY,
        kind text NOT NULL CONSTRAINT campaign_notifications_kind_check CHECK (kind IN ('sent', 'failed', 'needs_attention')),
        campaign_id uuid NOT NULL,
        campaign_name text NOT NULL,
        people integer NOT NULL DEFAULT 0,
        occurrence text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT campaign_notifications_once UNIQUE (campaign_id, kind, occurrence)
      )`);
    await db.query(`
      CREATE FUNCTION campaign_notifications_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('campaign_notifications'));
        NEW.id := nextval(pg_get_serial_sequence('campaign_notifications', 'id'));
        NEW.created_at := clock_timestamp();
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER campaign_notifications_in_commit_order BEFORE INSERT ON campaign_notifications
        FOR EACH ROW EXECUTE FUNCTION campaign_notifications_in_commit_order()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE campaign_notifications`);
    await db.query(`DROP FUNCTION campaign_notifications_in_commit_order()`);
  }
}
