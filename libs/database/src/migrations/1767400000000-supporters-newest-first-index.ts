import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff supporter list is newest first, `ORDER BY created_at DESC, id DESC`, keyset-paged on the
 * pair. On `(created_at)` alone the planner must sort every supporter sharing a timestamp to order
 * them by id, and rows written by one statement (an import's batch, a bulk load) all share its
 * `now()`: with 100,000 such supporters the first page became a parallel scan of the whole table
 * (about 0.6 s and three processes' CPU, four times a second under the mixed load). On the pair,
 * a page is the next rows of the index whatever the ties. It replaces the one-column index, which
 * it serves as well, so a supporter written still enters one index, not two. Writes to supporters
 * wait while it builds: 1.2 s at a million supporters on a busy two-core host.
 */
export class SupportersNewestFirstIndex1767400000000 implements MigrationInterface {
  name = 'SupportersNewestFirstIndex1767400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX supporters_created_at_id ON supporters (created_at, id)`);
    await db.query(`DROP INDEX supporters_created_at`);
    await db.query(`ALTER INDEX supporters_created_at_id RENAME TO supporters_created_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX supporters_created_at_only ON supporters (created_at)`);
    await db.query(`DROP INDEX supporters_created_at`);
    await db.query(`ALTER INDEX supporters_created_at_only RENAME TO supporters_created_at`);
  }
}
