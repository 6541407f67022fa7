import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded CSV files kept in the database until their import finishes, in 1 MiB pieces: the
 * upload reaches one replica's disk, but any replica may run the import job.
 */
export class ImportUploadChunks1767100000000 implements MigrationInterface {
  name = 'ImportUploadChunks1767100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE supporter_import_chunks (
      import_id uuid NOT NULL REFERENCES supporter_imports (id),
      seq int NOT NULL,
      bytes bytea NOT NULL,
      PRIMARY KEY (import_id, seq))`);
    await db.query(`CREATE TABLE donation_import_chunks (
      import_id uuid NOT NULL REFERENCES donation_imports (id),
      seq int NOT NULL,
      bytes bytea NOT NULL,
      PRIMARY KEY (import_id, seq))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE donation_import_chunks');
    await db.query('DROP TABLE supporter_import_chunks');
  }
}
