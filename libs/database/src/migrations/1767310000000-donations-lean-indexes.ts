import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each index as it was (`before`) and as it is now (`after`); the name is kept. */
const PARTIAL: { name: string; before: string; after: string }[] = [
  {
    name: 'donations_campaign',
    before: 'ON donations (campaign)',
    after: 'ON donations (campaign) WHERE campaign IS NOT NULL',
  },
  {
    name: 'donations_supporter_paid',
    before: 'ON donations (supporter_id, paid_at)',
    after: 'ON donations (supporter_id, paid_at) WHERE supporter_id IS NOT NULL',
  },
  {
    name: 'donations_email_lower',
    before: 'ON donations (lower(email))',
    after: 'ON donations (lower(email)) WHERE email IS NOT NULL',
  },
  {
    name: 'donations_import_unannounced',
    before: 'ON donations (import_id) WHERE import_id IS NOT NULL AND notified_at IS NULL',
    after:
      'ON donations (import_id) WHERE import_id IS NOT NULL AND supporter_id IS NULL AND email IS NOT NULL',
  },
];

const UNIQUE_KEYS = ['idempotency_key', 'import_key'] as const;

/**
 * Fewer index entries per donation written. Every donation put a null into the indexes of the
 * columns it does not have: a Stripe gift into the offline gift's idempotency key, the import key
 * and (until a supporter is linked) the supporter index, usually into the campaign index; an
 * imported gift into the idempotency key. No statement looks a null up in any of them: lookups are
 * by a value (`campaign = $1`, `supporter_id = $1` or `= ANY($1)`, `lower(email) = lower($1)`,
 * `import_id = $1`), which implies the condition, and the two keys' inserts name it
 * (`ON CONFLICT (col) WHERE col IS NOT NULL`); nulls never conflicted, so which rows may coexist is
 * unchanged. The import's unannounced-donor index no longer names `notified_at`: it holds an
 * import's gifts that had no supporter and an address when written, which is what its one query
 * (`unannouncedGifts`) asks for besides `notified_at IS NULL`; so stamping a donation notified,
 * which every Stripe donation gets once its messages are queued, changes no indexed column and can
 * be a heap-only update.
 */
export class DonationsLeanIndexes1767310000000 implements MigrationInterface {
  name = 'DonationsLeanIndexes1767310000000';

  async up(db: QueryRunner): Promise<void> {
    for (const column of UNIQUE_KEYS) {
      await db.query(`ALTER TABLE donations DROP CONSTRAINT donations_${column}_key`);
      await db.query(
        `CREATE UNIQUE INDEX donations_${column}_key ON donations (${column}) WHERE ${column} IS NOT NULL`,
      );
    }
    for (const index of PARTIAL) {
      await db.query(`DROP INDEX ${index.name}`);
      await db.query(`CREATE INDEX ${index.name} ${index.after}`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of PARTIAL) {
      await db.query(`DROP INDEX ${index.name}`);
      await db.query(`CREATE INDEX ${index.name} ${index.before}`);
    }
    for (const column of UNIQUE_KEYS) {
      await db.query(`DROP INDEX donations_${column}_key`);
      await db.query(`ALTER TABLE donations ADD CONSTRAINT donations_${column}_key UNIQUE (${column})`);
    }
  }
}
