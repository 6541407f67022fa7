import type { MigrationInterface, QueryRunner } from 'typeorm';

/** CSV imports count rows skipped on purpose (erased people) apart from rows that failed. */
export class SupporterImports1764500000000 implements MigrationInterface {
  name = 'SupporterImports1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE supporter_imports
        ADD COLUMN rows_skipped int NOT NULL DEFAULT 0,
        ADD COLUMN format text CHECK (format IN ('mailchimp', 'plain'));
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE supporter_imports DROP COLUMN format, DROP COLUMN rows_skipped`);
  }
}
