import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The version of a monthly gift's donor links. Every link names the version it was made for; each
 * change made through a link (and an erasure) moves it on, so links sent before stop working.
 * Links made before this column carry no version or issue time and are treated as expired.
 */
export class DonorLinkVersion1765200000000 implements MigrationInterface {
  name = 'DonorLinkVersion1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'ALTER TABLE recurring_donations ADD COLUMN donor_link_version int NOT NULL DEFAULT 1 CHECK (donor_link_version > 0)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE recurring_donations DROP COLUMN donor_link_version');
  }
}
