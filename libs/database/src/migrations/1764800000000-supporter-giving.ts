import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-supporter giving summary over counted donations (all time, all campaigns), so segment
 * conditions such as "gave in the last two years but not the last one" or "never gave" read one
 * row per donor instead of aggregating millions of donations. It is derived data, kept exactly
 * equal to `supporter_giving_computed` by statement triggers on `donations` (the donations app
 * writes that table and needs no change). Each trigger recomputes the summary of the supporters
 * its statement touched, under advisory locks on those supporters, so two
 * transactions giving for the same supporter cannot leave a stale row: the second waits for the
 * first to commit and then recomputes from a snapshot that includes it (under REPEATABLE READ it
 * fails with a serialization or unique error instead of writing a stale row).
 */
export class SupporterGiving1764800000000 implements MigrationInterface {
  name = 'SupporterGiving1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW supporter_giving_computed AS
        SELECT supporter_id,
               count(*)::int AS gift_count,
               sum(amount - refunded_amount)::bigint AS total,
               max(amount - refunded_amount)::bigint AS largest,
               min(paid_at) AS first_paid_at,
               max(paid_at) AS last_paid_at
        FROM donations
        WHERE supporter_id IS NOT NULL AND status IN ('succeeded', 'partially_refunded')
        GROUP BY supporter_id;

      CREATE TABLE supporter_giving (
        supporter_id uuid PRIMARY KEY,
        gift_count int NOT NULL,
        total bigint NOT NULL,
        largest bigint NOT NULL,
        first_paid_at timestamptz,
        last_paid_at timestamptz
      );
      INSERT INTO supporter_giving SELECT * FROM supporter_giving_computed;
      CREATE INDEX supporter_giving_last_paid ON supporter_giving (last_paid_at) INCLUDE (supporter_id);

      CREATE FUNCTION refresh_supporter_giving(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        -- One of 32 locks per supporter: a statement touching thousands of supporters stays
        -- within the lock table, in a fixed order so two statements cannot deadlock each other.
        PERFORM pg_advisory_xact_lock(hashtext('supporter_giving'), bucket)
          FROM (SELECT DISTINCT hashtext(id::text) & 31 AS bucket FROM unnest(ids) id
                WHERE id IS NOT NULL ORDER BY bucket) touched;
        DELETE FROM supporter_giving WHERE supporter_id = ANY(ids);
        INSERT INTO supporter_giving SELECT * FROM supporter_giving_computed WHERE supporter_id = ANY(ids);
      END $$;

      CREATE FUNCTION supporter_giving_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_supporter_giving(ARRAY(SELECT DISTINCT supporter_id FROM new_rows));
        RETURN NULL;
      END $$;
      CREATE FUNCTION supporter_giving_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Most updates (notification and processing stamps) change nothing the summary reads.
        PERFORM refresh_supporter_giving(ARRAY(
          SELECT unnest(ARRAY[o.supporter_id, n.supporter_id])
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.supporter_id, o.status, o.amount, o.refunded_amount, o.paid_at)
            IS DISTINCT FROM (n.supporter_id, n.status, n.amount, n.refunded_amount, n.paid_at)));
        RETURN NULL;
      END $$;
      CREATE FUNCTION supporter_giving_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_supporter_giving(ARRAY(SELECT DISTINCT supporter_id FROM old_rows));
        RETURN NULL;
      END $$;
      CREATE FUNCTION supporter_giving_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM supporter_giving;
        RETURN NULL;
      END $$;

      CREATE TRIGGER supporter_giving_insert AFTER INSERT ON donations
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION supporter_giving_after_insert();
      CREATE TRIGGER supporter_giving_update AFTER UPDATE ON donations
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_giving_after_update();
      CREATE TRIGGER supporter_giving_delete AFTER DELETE ON donations
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION supporter_giving_after_delete();
      CREATE TRIGGER supporter_giving_truncate AFTER TRUNCATE ON donations
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_giving_after_truncate();
      ANALYZE supporter_giving;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TRIGGER supporter_giving_insert ON donations;
      DROP TRIGGER supporter_giving_update ON donations;
      DROP TRIGGER supporter_giving_delete ON donations;
      DROP TRIGGER supporter_giving_truncate ON donations;
      DROP FUNCTION supporter_giving_after_insert(), supporter_giving_after_update(),
        supporter_giving_after_delete(), supporter_giving_after_truncate(), refresh_supporter_giving(uuid[]);
      DROP TABLE supporter_giving;
      DROP VIEW supporter_giving_computed;
    `);
  }
}
