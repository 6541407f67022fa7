import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The giving summary's refresh locks each touched supporter on its own (32 shared buckets before),
 * so transactions writing donations of different supporters never wait for each other or deadlock
 * over a shared bucket; a statement touching more than 64 supporters (a bulk correction) locks
 * the summary table instead, which keeps the number of locks a transaction holds bounded.
 */
export class SupporterGivingLocks1764800000002 implements MigrationInterface {
  name = 'SupporterGivingLocks1764800000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION refresh_supporter_giving(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[] := ARRAY(SELECT DISTINCT id FROM unnest(ids) id WHERE id IS NOT NULL ORDER BY id);
      BEGIN
        IF cardinality(touched) > 64 THEN
          LOCK TABLE supporter_giving IN SHARE ROW EXCLUSIVE MODE;
        ELSE
          PERFORM pg_advisory_xact_lock(hashtext('supporter_giving'), hashtext(id::text)) FROM unnest(touched) id;
        END IF;
        DELETE FROM supporter_giving WHERE supporter_id = ANY(touched);
        INSERT INTO supporter_giving SELECT * FROM supporter_giving_computed WHERE supporter_id = ANY(touched);
      END $$;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION refresh_supporter_giving(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('supporter_giving'), bucket)
          FROM (SELECT DISTINCT hashtext(id::text) & 31 AS bucket FROM unnest(ids) id
                WHERE id IS NOT NULL ORDER BY bucket) touched;
        DELETE FROM supporter_giving WHERE supporter_id = ANY(ids);
        INSERT INTO supporter_giving SELECT * FROM supporter_giving_computed WHERE supporter_id = ANY(ids);
      END $$;
    `);
  }
}
