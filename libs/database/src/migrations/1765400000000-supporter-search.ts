import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the staff supporter search (`GET /supporters?q=`), which must answer fast at a
 * million supporters for any text, including text that matches nobody (a sequential scan took
 * 2.8 s). A text of three letters or digits or more is a substring of the search text (email,
 * then "first last"), found through a trigram index; a shorter one ("Jo", "Wu") is a prefix of the
 * email, the full name or the last name, found through btree pattern indexes (the email and last
 * name ones exist already; the full name one also answers "first name starts with").
 * The expressions must stay exactly as `supporters.queries.ts` writes them, or the planner
 * cannot use these indexes; a test checks that it can. Which one serves is the planner's choice:
 * a text most people match ("gmail") is found by walking the newest supporters, a rare one
 * through the index (see `supporterSearchQuery`).
 */
export class SupporterSearch1765400000000 implements MigrationInterface {
  name = 'SupporterSearch1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX supporters_search_trgm ON supporters USING gin (
        (coalesce(email_normalised, '') || ' ' || lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))
        gin_trgm_ops);
      -- The planner estimates how many rows a text matches from this expression's histogram: with
      -- 1,000 entries instead of 100 a name shared by 1 in 64 ("Jo Wilson") is seen as common and
      -- found by walking the newest rows, not by fetching and sorting all 15,000 of them (170 ms).
      ALTER INDEX supporters_search_trgm ALTER COLUMN 1 SET STATISTICS 1000;
      CREATE INDEX supporters_full_name_prefix ON supporters (
        (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) text_pattern_ops);
      ANALYZE supporters;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // The extension stays: other database objects may have come to use it.
    await db.query(`DROP INDEX supporters_full_name_prefix; DROP INDEX supporters_search_trgm;`);
  }
}
