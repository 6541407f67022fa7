import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The frozen audience keeps each recipient's address and first name beside their id, read by the
 * freeze's own scan of `supporters`: writing a batch's ledger rows then needs no lookup of each
 * supporter (a million random reads of `supporters` made the ledger writes 60 µs a row, where the
 * old freeze paid 12), and a recipient is mailed at the address that was vetted at the start, as
 * before. Stored uncompressed (the arrays live minutes; compressing them would be CPU on the
 * freeze). Rows already frozen take their supporters' current values.
 */
export class CampaignBatchMemberAddresses1767300000001 implements MigrationInterface {
  name = 'CampaignBatchMemberAddresses1767300000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE campaign_batch_members ADD COLUMN emails text[], ADD COLUMN first_names text[]`,
    );
    await db.query(`
      UPDATE campaign_batch_members m
         SET emails = v.emails, first_names = v.first_names
        FROM (SELECT m2.campaign_id, m2.seq,
                     array_agg(s.email ORDER BY u.k) AS emails, array_agg(s.first_name ORDER BY u.k) AS first_names
                FROM campaign_batch_members m2
                CROSS JOIN LATERAL unnest(m2.supporter_ids) WITH ORDINALITY AS u(id, k)
                LEFT JOIN supporters s ON s.id = u.id
               GROUP BY m2.campaign_id, m2.seq) AS v
       WHERE v.campaign_id = m.campaign_id AND v.seq = m.seq`);
    await db.query(`ALTER TABLE campaign_batch_members ALTER COLUMN emails SET NOT NULL,
      ALTER COLUMN first_names SET NOT NULL,
      ALTER COLUMN supporter_ids SET STORAGE EXTERNAL, ALTER COLUMN emails SET STORAGE EXTERNAL,
      ALTER COLUMN first_names SET STORAGE EXTERNAL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE campaign_batch_members DROP COLUMN emails, DROP COLUMN first_names,
      ALTER COLUMN supporter_ids SET STORAGE EXTENDED`);
  }
}
