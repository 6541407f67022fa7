import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff profile numbers each consent wording by when it was first recorded ("wording v2"):
 * the distinct wordings are read by skipping through this index, and each one's first event is
 * its first entry, so the numbering costs two index probes per wording ever used, not a scan of
 * the ledger.
 */
export class ConsentWordingVersions1765400000001 implements MigrationInterface {
  name = 'ConsentWordingVersions1765400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `CREATE INDEX consent_events_wording ON consent_events (wording_hash, id) WHERE wording_hash IS NOT NULL`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX consent_events_wording`);
  }
}
