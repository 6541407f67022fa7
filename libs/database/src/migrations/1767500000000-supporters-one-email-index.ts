import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index on `email_normalised` instead of two. The unique key (default operator class) answered
 * equality and `ON CONFLICT (email_normalised)`; a second index (text_pattern_ops) answered the
 * staff search's email prefix (`LIKE 'sam%'`), which an index on the database's collation
 * (C.UTF-8 here, a libc collation to PostgreSQL) cannot. A unique index with text_pattern_ops does
 * both: equality is the same for either operator class, so it enforces the same uniqueness and
 * `ON CONFLICT (email_normalised)` still infers it. Every supporter written (sign-up, import,
 * merge) now enters one index fewer. It keeps the key's name, so a unique violation still names
 * `supporters_email_normalised_key`. Writes to supporters wait while it builds.
 */
export class SupportersOneEmailIndex1767500000000 implements MigrationInterface {
  name = 'SupportersOneEmailIndex1767500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE UNIQUE INDEX supporters_email_unique ON supporters (email_normalised text_pattern_ops)`,
    );
    await db.query(`ALTER TABLE supporters DROP CONSTRAINT supporters_email_normalised_key`);
    await db.query(`DROP INDEX supporters_email_prefix`);
    await db.query(`ALTER INDEX supporters_email_unique RENAME TO supporters_email_normalised_key`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER INDEX supporters_email_normalised_key RENAME TO supporters_email_unique`);
    await db.query(
      `ALTER TABLE supporters ADD CONSTRAINT supporters_email_normalised_key UNIQUE (email_normalised)`,
    );
    await db.query(`CREATE INDEX supporters_email_prefix ON supporters (email_normalised text_pattern_ops)`);
    await db.query(`DROP INDEX supporters_email_unique`);
  }
}
