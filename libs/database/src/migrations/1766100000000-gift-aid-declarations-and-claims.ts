import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gift Aid as HMRC allows it, not only at checkout: a declaration says how it was made (online,
 * written, oral), what it covers (the gifts linked to it, or a supporter's gifts from a date, up to
 * its making and/or onwards) and, for an oral one, when the written confirmation went out. A claim
 * has a life (draft, submitted, paid or rejected, HMRC's reference and dates). A claim's items keep
 * the declaration they were claimed under and their schedule line (small gifts share an aggregated line); a rejected claim's items are released,
 * so "never in two claims" becomes one live item per donation; an item refunded or no longer
 * covered after its claim is netted once in a later claim.
 */
export class GiftAidDeclarationsAndClaims1766100000000 implements MigrationInterface {
  name = 'GiftAidDeclarationsAndClaims1766100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE gift_aid_declarations
      ADD COLUMN method text NOT NULL DEFAULT 'online',
      ADD COLUMN scope text NOT NULL DEFAULT 'this_gift',
      ADD COLUMN covers_from timestamptz,
      ADD COLUMN covers_future boolean NOT NULL DEFAULT false,
      ADD COLUMN evidence_note text,
      ADD COLUMN confirmation_sent_at timestamptz,
      ADD COLUMN confirmation_channel text,
      ADD COLUMN created_by text,
      ADD CONSTRAINT gift_aid_declarations_method_check CHECK (method IN ('online', 'written', 'oral')),
      ADD CONSTRAINT gift_aid_declarations_scope_check CHECK (scope IN ('this_gift', 'supporter_gifts')),
      ADD CONSTRAINT gift_aid_declarations_confirmation_channel_check CHECK (confirmation_channel IN ('email', 'post')),
      ADD CONSTRAINT gift_aid_declarations_covers_check
        CHECK (scope = 'this_gift' OR (supporter_id IS NOT NULL AND covers_from IS NOT NULL))`);
    await db.query(`CREATE INDEX gift_aid_declarations_awaiting_confirmation ON gift_aid_declarations (declared_at)
      WHERE method = 'oral' AND confirmation_sent_at IS NULL AND cancelled_at IS NULL`);

    await db.query(`ALTER TABLE gift_aid_claims
      ADD COLUMN status text NOT NULL DEFAULT 'draft',
      ADD COLUMN hmrc_reference text,
      ADD COLUMN submitted_at timestamptz,
      ADD COLUMN paid_at timestamptz,
      ADD COLUMN rejected_at timestamptz,
      ADD COLUMN line_count int NOT NULL DEFAULT 0,
      ADD COLUMN adjustment_amount int NOT NULL DEFAULT 0,
      ADD CONSTRAINT gift_aid_claims_status_check CHECK (status IN ('draft', 'submitted', 'paid', 'rejected'))`);

    await db.query(`ALTER TABLE gift_aid_claim_items
      ADD COLUMN declaration_id uuid
        CONSTRAINT gift_aid_claim_items_declaration_id_fkey REFERENCES gift_aid_declarations (id),
      ADD COLUMN line int NOT NULL DEFAULT 0,
      ADD COLUMN aggregated boolean NOT NULL DEFAULT false,
      ADD COLUMN released boolean NOT NULL DEFAULT false,
      ADD COLUMN adjusted_in_claim_id uuid
        CONSTRAINT gift_aid_claim_items_adjusted_in_claim_id_fkey REFERENCES gift_aid_claims (id),
      ADD COLUMN adjustment_amount int`);
    await db.query(`UPDATE gift_aid_claim_items i SET line = n.line
      FROM (SELECT i2.donation_id, row_number() OVER (PARTITION BY i2.claim_id ORDER BY d.paid_at, d.id)::int AS line
              FROM gift_aid_claim_items i2 JOIN donations d ON d.id = i2.donation_id) n
      WHERE n.donation_id = i.donation_id`);
    await db.query(`UPDATE gift_aid_claim_items i SET declaration_id = d.gift_aid_declaration_id
      FROM donations d WHERE d.id = i.donation_id`);
    await db.query(`UPDATE gift_aid_claims c SET line_count = c.donation_count`);
    await db.query(`ALTER TABLE gift_aid_claim_items DROP CONSTRAINT gift_aid_claim_items_pkey,
      ADD CONSTRAINT gift_aid_claim_items_pkey PRIMARY KEY (claim_id, donation_id)`);
    await db.query(`CREATE UNIQUE INDEX gift_aid_claim_items_live_donation ON gift_aid_claim_items (donation_id)
      WHERE NOT released`);
    await db.query(`CREATE INDEX gift_aid_claim_items_to_adjust ON gift_aid_claim_items (claim_id)
      WHERE needs_adjustment AND adjusted_in_claim_id IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX gift_aid_claim_items_to_adjust`);
    await db.query(`DROP INDEX gift_aid_claim_items_live_donation`);
    await db.query(`DELETE FROM gift_aid_claim_items WHERE released`);
    await db.query(`ALTER TABLE gift_aid_claim_items DROP CONSTRAINT gift_aid_claim_items_pkey,
      ADD CONSTRAINT gift_aid_claim_items_pkey PRIMARY KEY (donation_id)`);
    await db.query(`ALTER TABLE gift_aid_claim_items DROP COLUMN declaration_id, DROP COLUMN line, DROP COLUMN aggregated,
      DROP COLUMN released, DROP COLUMN adjusted_in_claim_id, DROP COLUMN adjustment_amount`);
    await db.query(`ALTER TABLE gift_aid_claims DROP COLUMN status, DROP COLUMN hmrc_reference,
      DROP COLUMN submitted_at, DROP COLUMN paid_at, DROP COLUMN rejected_at, DROP COLUMN line_count,
      DROP COLUMN adjustment_amount`);
    await db.query(`DROP INDEX gift_aid_declarations_awaiting_confirmation`);
    await db.query(`ALTER TABLE gift_aid_declarations DROP COLUMN method, DROP COLUMN scope,
      DROP COLUMN covers_from, DROP COLUMN covers_future, DROP COLUMN evidence_note,
      DROP COLUMN confirmation_sent_at, DROP COLUMN confirmation_channel, DROP COLUMN created_by`);
  }
}
