import type { MigrationInterface, QueryRunner } from 'typeorm';

const UPDATED_TOUCHED = `ARRAY(
          SELECT unnest(ARRAY[o.supporter_id, n.supporter_id])
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.supporter_id, o.status, o.amount, o.refunded_amount, o.paid_at)
            IS DISTINCT FROM (n.supporter_id, n.status, n.amount, n.refunded_amount, n.paid_at))`;

/**
 * An `INSERT … ON CONFLICT DO UPDATE` fires its update trigger before its insert trigger, and the
 * update trigger's recompute already counts the rows the statement inserted; adding them again
 * (1766500000000) counted such a gift twice. The update trigger now notes, for the transaction,
 * that it ran, and the next insert trigger recomputes its supporters instead of adding to them
 * (always exact, under the same locks) and clears the note. Plain inserts, such as a gifts import's
 * batches, still add.
 */
export class SupporterGivingUpsertRecount1766500000002 implements MigrationInterface {
  name = 'SupporterGivingUpsertRecount1766500000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION supporter_giving_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM set_config('supporter_giving.recount_inserts', 'on', true);
        -- Most updates (notification and processing stamps) change nothing the summary reads.
        PERFORM refresh_supporter_giving(${UPDATED_TOUCHED});
        RETURN NULL;
      END $$;
    `);
    await db.query(`
      CREATE OR REPLACE FUNCTION supporter_giving_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        IF current_setting('supporter_giving.recount_inserts', true) = 'on' THEN
          PERFORM set_config('supporter_giving.recount_inserts', '', true);
          PERFORM refresh_supporter_giving(ARRAY(SELECT DISTINCT supporter_id FROM new_rows));
          RETURN NULL;
        END IF;
        touched := ARRAY(
          SELECT DISTINCT supporter_id FROM new_rows
           WHERE supporter_id IS NOT NULL AND status IN ('succeeded', 'partially_refunded') ORDER BY supporter_id);
        IF cardinality(touched) = 0 THEN
          RETURN NULL;
        ELSIF cardinality(touched) > 64 THEN
          LOCK TABLE supporter_giving IN SHARE ROW EXCLUSIVE MODE;
        ELSE
          PERFORM pg_advisory_xact_lock(hashtext('supporter_giving'), hashtext(id::text)) FROM unnest(touched) id;
        END IF;
        INSERT INTO supporter_giving AS g (supporter_id, gift_count, total, largest, first_paid_at, last_paid_at)
          SELECT supporter_id, count(*), sum(amount - refunded_amount), max(amount - refunded_amount),
                 min(paid_at), max(paid_at)
            FROM new_rows
           WHERE supporter_id IS NOT NULL AND status IN ('succeeded', 'partially_refunded')
           GROUP BY supporter_id ORDER BY supporter_id
        ON CONFLICT (supporter_id) DO UPDATE SET
          gift_count = g.gift_count + excluded.gift_count,
          total = g.total + excluded.total,
          largest = greatest(g.largest, excluded.largest),
          first_paid_at = least(g.first_paid_at, excluded.first_paid_at),
          last_paid_at = greatest(g.last_paid_at, excluded.last_paid_at);
        RETURN NULL;
      END $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION supporter_giving_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Most updates (notification and processing stamps) change nothing the summary reads.
        PERFORM refresh_supporter_giving(${UPDATED_TOUCHED});
        RETURN NULL;
      END $$;
    `);
    // The insert trigger goes back to 1766500000000's (adding only), whose own down recomputes.
    await db.query(`
      CREATE OR REPLACE FUNCTION supporter_giving_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[] := ARRAY(
          SELECT DISTINCT supporter_id FROM new_rows
           WHERE supporter_id IS NOT NULL AND status IN ('succeeded', 'partially_refunded') ORDER BY supporter_id);
      BEGIN
        IF cardinality(touched) = 0 THEN
          RETURN NULL;
        ELSIF cardinality(touched) > 64 THEN
          LOCK TABLE supporter_giving IN SHARE ROW EXCLUSIVE MODE;
        ELSE
          PERFORM pg_advisory_xact_lock(hashtext('supporter_giving'), hashtext(id::text)) FROM unnest(touched) id;
        END IF;
        INSERT INTO supporter_giving AS g (supporter_id, gift_count, total, largest, first_paid_at, last_paid_at)
          SELECT supporter_id, count(*), sum(amount - refunded_amount), max(amount - refunded_amount),
                 min(paid_at), max(paid_at)
            FROM new_rows
           WHERE supporter_id IS NOT NULL AND status IN ('succeeded', 'partially_refunded')
           GROUP BY supporter_id ORDER BY supporter_id
        ON CONFLICT (supporter_id) DO UPDATE SET
          gift_count = g.gift_count + excluded.gift_count,
          total = g.total + excluded.total,
          largest = greatest(g.largest, excluded.largest),
          first_paid_at = least(g.first_paid_at, excluded.first_paid_at),
          last_paid_at = greatest(g.last_paid_at, excluded.last_paid_at);
        RETURN NULL;
      END $$;
    `);
  }
}
