import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The core schema of all three apps. Constraints, not code, make duplicates impossible. */
export class CoreSchema1764300000000 implements MigrationInterface {
  name = 'CoreSchema1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE staff_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'fundraising', 'comms', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        app text NOT NULL,
        actor_token_id uuid REFERENCES staff_tokens (id),
        actor_name text NOT NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        status_code int,
        request_id text,
        details jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at);

      CREATE TABLE supporters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text,
        email_normalised text UNIQUE,
        first_name text,
        last_name text,
        tags text[] NOT NULL DEFAULT '{}',
        notes text,
        source text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        CHECK (erased_at IS NOT NULL OR email_normalised IS NOT NULL)
      );
      CREATE INDEX supporters_email_prefix ON supporters (email_normalised text_pattern_ops);
      CREATE INDEX supporters_last_name ON supporters (lower(last_name) text_pattern_ops);
      CREATE INDEX supporters_tags ON supporters USING gin (tags);
      CREATE INDEX supporters_created_at ON supporters (created_at);
      CREATE TABLE erased_emails (
        email_hash text PRIMARY KEY,
        erased_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE newsletter_subscriptions (
        supporter_id uuid PRIMARY KEY REFERENCES supporters (id),
        status text NOT NULL
          CHECK (status IN ('pending', 'subscribed', 'unsubscribed', 'bounced', 'complained')),
        confirm_token_hash text UNIQUE,
        confirm_token_expires_at timestamptz,
        confirmation_sent_at timestamptz,
        requested_at timestamptz,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        source text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX newsletter_subscriptions_status ON newsletter_subscriptions (status, confirmed_at);
      CREATE TABLE consent_events (
        id bigserial PRIMARY KEY,
        supporter_id uuid NOT NULL REFERENCES supporters (id),
        kind text NOT NULL CHECK (kind IN
          ('requested', 'confirmed', 'unsubscribed', 'bounced', 'complained', 'imported', 'erased')),
        source text,
        ip text,
        user_agent text,
        wording text,
        wording_hash text,
        occurred_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consent_events_supporter ON consent_events (supporter_id, occurred_at);
      CREATE FUNCTION consent_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'consent_events is append-only';
        END IF;
        IF NEW.id <> OLD.id OR NEW.supporter_id <> OLD.supporter_id OR NEW.kind <> OLD.kind
           OR NEW.occurred_at <> OLD.occurred_at OR NEW.source IS DISTINCT FROM OLD.source
           OR NEW.wording_hash IS DISTINCT FROM OLD.wording_hash
           OR (NEW.ip IS NOT NULL AND NEW.ip IS DISTINCT FROM OLD.ip)
           OR (NEW.user_agent IS NOT NULL AND NEW.user_agent IS DISTINCT FROM OLD.user_agent)
           OR (NEW.wording IS NOT NULL AND NEW.wording IS DISTINCT FROM OLD.wording) THEN
          RAISE EXCEPTION 'consent_events rows may only have personal data cleared';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER consent_events_append_only BEFORE UPDATE OR DELETE ON consent_events
        FOR EACH ROW EXECUTE FUNCTION consent_events_append_only();
      CREATE TABLE supporter_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        status text NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        file_path text NOT NULL,
        original_name text,
        consent_source text,
        total_rows int,
        rows_done int NOT NULL DEFAULT 0,
        rows_imported int NOT NULL DEFAULT 0,
        rows_failed int NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );

      CREATE TABLE recurring_donations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stripe_subscription_id text NOT NULL UNIQUE,
        stripe_customer_id text,
        stripe_checkout_session_id text UNIQUE,
        supporter_id uuid,
        email text,
        donor_name text,
        amount int NOT NULL CHECK (amount >= 0),
        currency char(3) NOT NULL,
        status text NOT NULL CHECK (status IN ('incomplete', 'active', 'past_due', 'cancelled')),
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        campaign text,
        current_period_end timestamptz,
        started_at timestamptz,
        cancelled_at timestamptz,
        status_event_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX recurring_donations_supporter ON recurring_donations (supporter_id);
      CREATE TABLE gift_aid_declarations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        supporter_id uuid,
        stripe_checkout_session_id text UNIQUE,
        title text,
        first_name text NOT NULL,
        last_name text NOT NULL,
        house_name_or_number text NOT NULL,
        postcode text NOT NULL,
        wording_version text NOT NULL,
        declared_at timestamptz NOT NULL,
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX gift_aid_declarations_supporter ON gift_aid_declarations (supporter_id);
      CREATE TABLE donations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        supporter_id uuid,
        email text,
        donor_name text,
        amount int NOT NULL CHECK (amount >= 0),
        fee_amount int NOT NULL DEFAULT 0 CHECK (fee_amount >= 0),
        currency char(3) NOT NULL,
        frequency text NOT NULL CHECK (frequency IN ('one_off', 'monthly')),
        status text NOT NULL
          CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded', 'partially_refunded')),
        refunded_amount int NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
        dispute_status text,
        campaign text,
        stripe_checkout_session_id text UNIQUE,
        stripe_payment_intent_id text UNIQUE,
        stripe_invoice_id text UNIQUE,
        stripe_charge_id text UNIQUE,
        recurring_donation_id uuid REFERENCES recurring_donations (id),
        gift_aid_declaration_id uuid REFERENCES gift_aid_declarations (id),
        paid_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX donations_supporter_paid ON donations (supporter_id, paid_at);
      CREATE INDEX donations_paid_at ON donations (paid_at);
      CREATE INDEX donations_campaign ON donations (campaign);
      CREATE INDEX donations_recurring ON donations (recurring_donation_id);
      CREATE TABLE stripe_events (
        id text PRIMARY KEY,
        type text NOT NULL,
        payload jsonb NOT NULL,
        stripe_created_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      );
      CREATE TABLE gift_aid_claims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_by text,
        donation_count int NOT NULL,
        total_amount int NOT NULL,
        currency char(3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE gift_aid_claim_items (
        donation_id uuid PRIMARY KEY REFERENCES donations (id),
        claim_id uuid NOT NULL REFERENCES gift_aid_claims (id),
        amount int NOT NULL,
        needs_adjustment boolean NOT NULL DEFAULT false
      );
      CREATE INDEX gift_aid_claim_items_claim ON gift_aid_claim_items (claim_id);

      CREATE TABLE segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        rules jsonb NOT NULL,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE campaigns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        subject text NOT NULL,
        html text,
        markdown text,
        from_name text,
        reply_to text,
        segment_id uuid NOT NULL,
        status text NOT NULL
          CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'cancelled', 'failed')),
        scheduled_at timestamptz,
        cron text,
        parent_campaign_id uuid REFERENCES campaigns (id),
        started_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (html IS NOT NULL OR markdown IS NOT NULL)
      );
      CREATE TABLE campaign_batches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        seq int NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'uncertain')),
        recipient_count int NOT NULL,
        provider_message_id text,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        started_at timestamptz,
        finished_at timestamptz,
        UNIQUE (campaign_id, seq)
      );
      CREATE TABLE campaign_recipients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaigns (id),
        supporter_id uuid NOT NULL,
        email text,
        first_name text,
        batch_seq int,
        status text NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'opened', 'clicked',
          'bounced', 'complained', 'unsubscribed', 'failed', 'uncertain')),
        provider_message_id text,
        sent_at timestamptz,
        last_event_at timestamptz,
        UNIQUE (campaign_id, supporter_id)
      );
      CREATE INDEX campaign_recipients_batch ON campaign_recipients (campaign_id, batch_seq);
      CREATE INDEX campaign_recipients_supporter ON campaign_recipients (supporter_id);
      CREATE TABLE email_events (
        id bigserial PRIMARY KEY,
        provider_event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        campaign_id uuid,
        recipient_id uuid,
        supporter_id uuid,
        provider_message_id text,
        occurred_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX email_events_supporter ON email_events (supporter_id, type, occurred_at);
      CREATE INDEX email_events_recipient ON email_events (recipient_id);
      CREATE TABLE suppressions (
        email_normalised text PRIMARY KEY,
        reason text NOT NULL CHECK (reason IN ('bounce', 'invalid', 'complaint', 'unsubscribe', 'manual')),
        source text,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        from_address text NOT NULL,
        subject text NOT NULL,
        html text NOT NULL,
        text text NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        template text,
        reference text,
        campaign_id uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX outbox_messages_created_at ON outbox_messages (created_at);
      CREATE TABLE transactional_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL,
        reference text NOT NULL,
        supporter_id uuid,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        provider_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (template, reference)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE transactional_messages, outbox_messages, suppressions, email_events,
        campaign_recipients, campaign_batches, campaigns, segments, gift_aid_claim_items,
        gift_aid_claims, stripe_events, donations, gift_aid_declarations, recurring_donations,
        supporter_imports, consent_events, newsletter_subscriptions, erased_emails, supporters,
        audit_log, staff_tokens;
      DROP FUNCTION consent_events_append_only();
    `);
  }
}
