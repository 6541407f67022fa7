import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients per campaign and status, kept by statement triggers on `campaign_recipients`, so the
 * campaign list and detail read a few rows instead of counting the ledger.
 *
 * Each statement that inserts, deletes or changes the status of recipients appends one delta row
 * per (campaign, status) it touched; nothing ever updates a counter row, so concurrent batches and
 * webhook posts never wait for each other here (a single counter row per campaign would serialise
 * every batch of a dispatch behind it). A read sums the rows; the mailer folds a campaign's rows
 * into one per status once they pile up (`compactRecipientCounts`). The sum is exact because every
 * change to the ledger passes through the triggers, in the same transaction as the change.
 */
export class CampaignRecipientCounts1765900000000 implements MigrationInterface {
  name = 'CampaignRecipientCounts1765900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign_recipient_counts (
        id bigserial PRIMARY KEY,
        campaign_id uuid NOT NULL,
        status text NOT NULL,
        n integer NOT NULL
      )`);
    await db.query(
      `CREATE INDEX campaign_recipient_counts_campaign ON campaign_recipient_counts (campaign_id)`,
    );
    await db.query(`
      CREATE FUNCTION campaign_recipient_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO campaign_recipient_counts (campaign_id, status, n)
        SELECT campaign_id, status, count(*) FROM added GROUP BY campaign_id, status;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION campaign_recipient_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Most updates (events' times, an erasure) change no status: every delta is 0, nothing is written.
        INSERT INTO campaign_recipient_counts (campaign_id, status, n)
        SELECT campaign_id, status, sum(n)
          FROM (SELECT campaign_id, status, 1 AS n FROM after_rows
                UNION ALL SELECT campaign_id, status, -1 FROM before_rows) AS delta
         GROUP BY campaign_id, status HAVING sum(n) <> 0;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION campaign_recipient_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO campaign_recipient_counts (campaign_id, status, n)
        SELECT campaign_id, status, -count(*) FROM removed GROUP BY campaign_id, status;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION campaign_recipient_counts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM campaign_recipient_counts;
        RETURN NULL;
      END $$`);
    // Creating the first trigger locks out writers until this migration commits, so the backfill
    // below and the triggers see the same ledger.
    await db.query(`
      CREATE TRIGGER campaign_recipient_counts_insert AFTER INSERT ON campaign_recipients
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counts_insert()`);
    await db.query(`
      CREATE TRIGGER campaign_recipient_counts_update AFTER UPDATE ON campaign_recipients
        REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
        FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counts_update()`);
    await db.query(`
      CREATE TRIGGER campaign_recipient_counts_delete AFTER DELETE ON campaign_recipients
        REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counts_delete()`);
    await db.query(`
      CREATE TRIGGER campaign_recipient_counts_truncate AFTER TRUNCATE ON campaign_recipients
        FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counts_truncate()`);
    await db.query(`
      INSERT INTO campaign_recipient_counts (campaign_id, status, n)
      SELECT campaign_id, status, count(*) FROM campaign_recipients GROUP BY campaign_id, status`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const kind of ['insert', 'update', 'delete', 'truncate']) {
      await db.query(`DROP TRIGGER campaign_recipient_counts_${kind} ON campaign_recipients`);
      await db.query(`DROP FUNCTION campaign_recipient_counts_${kind}()`);
    }
    await db.query(`DROP TABLE campaign_recipient_counts`);
  }
}
