import type { MigrationInterface, QueryRunner } from 'typeorm';

const CONFIRMED = (alias: string): string =>
  `(${alias}.status = 'subscribed' AND ${alias}.confirmed_at IS NOT NULL)`;

/** Copies the state of the subscriptions a statement wrote; a row already right is not written. */
const COPY_NEW_ROWS = `
  UPDATE supporters s SET newsletter_confirmed = ${CONFIRMED('n')}
    FROM new_rows n
   WHERE s.id = n.supporter_id AND s.newsletter_confirmed IS DISTINCT FROM ${CONFIRMED('n')};`;

/** Supporters a statement took the subscription away from (`unlessKept`: unless they still have one). */
const clearOldRows = (unlessKept?: string): string => `
  UPDATE supporters s SET newsletter_confirmed = false
    FROM old_rows o WHERE s.id = o.supporter_id AND s.newsletter_confirmed${unlessKept ? ` AND NOT ${unlessKept}` : ''};`;

/**
 * Whether a supporter's newsletter subscription is subscribed and confirmed, copied onto the
 * supporter row, so eligibility (a segment's mailable count, a campaign's send-time test) is a
 * column test on the row a segment scan already reads instead of a hash of every confirmed
 * subscription (about 0.1 s per preview at 430,000 of them). The subscription stays the record;
 * statement triggers keep the copy exact in the same transaction, writing a supporter row only
 * when its value changes. Paths that change a subscription lock the supporter first (see
 * `lockSubscriptionOfLink`), so the trigger's write cannot deadlock them. The partial index of
 * confirmed subscriptions (`1764800000001`), which eligibility read before, has no reader left.
 */
export class SupporterNewsletterConfirmed1765100000000 implements MigrationInterface {
  name = 'SupporterNewsletterConfirmed1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE supporters ADD COLUMN newsletter_confirmed boolean NOT NULL DEFAULT false;
      UPDATE supporters s SET newsletter_confirmed = true
        FROM newsletter_subscriptions ns WHERE ns.supporter_id = s.id AND ${CONFIRMED('ns')};

      CREATE FUNCTION supporter_newsletter_confirmed_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${COPY_NEW_ROWS} RETURN NULL; END $$;
      -- A subscription moved to another supporter leaves the first one without any.
      CREATE FUNCTION supporter_newsletter_confirmed_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${clearOldRows('EXISTS (SELECT 1 FROM new_rows n WHERE n.supporter_id = o.supporter_id)')}
        ${COPY_NEW_ROWS}
        RETURN NULL;
      END $$;
      CREATE FUNCTION supporter_newsletter_confirmed_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${clearOldRows()} RETURN NULL; END $$;
      CREATE FUNCTION supporter_newsletter_confirmed_after_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE supporters SET newsletter_confirmed = false WHERE newsletter_confirmed;
        RETURN NULL;
      END $$;

      CREATE TRIGGER supporter_newsletter_confirmed_insert AFTER INSERT ON newsletter_subscriptions
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_newsletter_confirmed_after_insert();
      CREATE TRIGGER supporter_newsletter_confirmed_update AFTER UPDATE ON newsletter_subscriptions
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_newsletter_confirmed_after_update();
      CREATE TRIGGER supporter_newsletter_confirmed_delete AFTER DELETE ON newsletter_subscriptions
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_newsletter_confirmed_after_delete();
      CREATE TRIGGER supporter_newsletter_confirmed_truncate AFTER TRUNCATE ON newsletter_subscriptions
        FOR EACH STATEMENT EXECUTE FUNCTION supporter_newsletter_confirmed_after_truncate();
      DROP INDEX newsletter_subscriptions_mailable;
      ANALYZE supporters;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    // Dropping the trigger functions drops the triggers that run them.
    await db.query(`
      DROP FUNCTION supporter_newsletter_confirmed_after_insert(), supporter_newsletter_confirmed_after_update(),
        supporter_newsletter_confirmed_after_delete(), supporter_newsletter_confirmed_after_truncate() CASCADE;
      ALTER TABLE supporters DROP COLUMN newsletter_confirmed;
      CREATE INDEX newsletter_subscriptions_mailable ON newsletter_subscriptions (supporter_id)
        WHERE ${CONFIRMED('newsletter_subscriptions')};
    `);
  }
}
