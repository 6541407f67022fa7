import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A campaign batch skips the supporters who stopped being mailable since the campaign started,
 * found through time indexes (`supportersDepartedSince`): deaths recorded and email refused as a
 * channel join unsubscriptions, erasures and suppressions there.
 */
export class DeparturesByDeathAndRefusal1766200000001 implements MigrationInterface {
  name = 'DeparturesByDeathAndRefusal1766200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX supporters_deceased_at ON supporters (deceased_at) WHERE deceased_at IS NOT NULL;
      CREATE INDEX contact_preferences_email_refused_at ON contact_preferences (updated_at)
        WHERE channel = 'email' AND status = 'refused';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX contact_preferences_email_refused_at; DROP INDEX supporters_deceased_at;`);
  }
}
