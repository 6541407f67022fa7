import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which campaigns rely on which audience, as the mailer last reported (the `record-audience-use`
 * job). One row per campaign holding the highest version seen, so a late or repeated job changes
 * nothing. An audience is in use while some row for it says so; it then cannot be deleted.
 * No foreign key to segments: a row that no longer says "in use" may outlive its audience.
 */
export class SegmentUses1765910000000 implements MigrationInterface {
  name = 'SegmentUses1765910000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE segment_uses (
        campaign_id uuid PRIMARY KEY,
        campaign_name text NOT NULL,
        segment_id uuid NOT NULL,
        in_use boolean NOT NULL,
        version bigint NOT NULL CHECK (version >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX segment_uses_in_use ON segment_uses (segment_id) WHERE in_use`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE segment_uses`);
  }
}
