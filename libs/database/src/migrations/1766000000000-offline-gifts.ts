import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offline and third-party gifts are rows of `donations` (docs/donations.md, "Offline and
 * third-party gifts"): how each gift was paid, its reference, whether Gift Aid applies, the keys
 * that make a retried request or a re-uploaded file add nothing twice, and the gifts imports.
 * Every added column is NULL or has a constant default, so the table is not rewritten.
 * `import_id` has no foreign key: its per-row check cost a gifts import about 15 % of its rate,
 * and imports are never deleted. Only gifts still waiting for their donor to be handed over are
 * indexed by import (what a retried import looks for).
 */
export class OfflineGifts1766000000000 implements MigrationInterface {
  name = 'OfflineGifts1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE donation_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        layout text NOT NULL CHECK (layout IN ('plain', 'justgiving', 'enthuse')),
        file_path text NOT NULL,
        original_name text,
        campaign text,
        total_rows int,
        rows_done int NOT NULL DEFAULT 0,
        rows_imported int NOT NULL DEFAULT 0,
        rows_duplicate int NOT NULL DEFAULT 0,
        rows_failed int NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      ALTER TABLE donations
        ADD COLUMN method text NOT NULL DEFAULT 'stripe'
          CONSTRAINT donations_method_check CHECK (method IN ('stripe', 'cash', 'cheque', 'bank_transfer', 'standing_order', 'card_offline', 'third_party', 'other')),
        ADD COLUMN reference text,
        ADD COLUMN gift_aid_applies boolean,
        ADD COLUMN idempotency_key text CONSTRAINT donations_idempotency_key_key UNIQUE,
        ADD COLUMN import_key text CONSTRAINT donations_import_key_key UNIQUE,
        ADD COLUMN import_id uuid,
        ADD COLUMN recorded_by text;
      CREATE INDEX donations_import_unannounced ON donations (import_id) WHERE import_id IS NOT NULL AND notified_at IS NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE donations DROP COLUMN recorded_by, DROP COLUMN import_id, DROP COLUMN import_key,
        DROP COLUMN idempotency_key, DROP COLUMN gift_aid_applies, DROP COLUMN reference, DROP COLUMN method;
      DROP TABLE donation_imports;
    `);
  }
}
