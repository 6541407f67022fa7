import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topics a supporter's email subscription is split into (Newsletter, Appeals, …), each person's
 * choice per topic, and the consent ledger naming the topic a row is about. "Newsletter" is seeded
 * with a fixed id and joins by default: every existing subscription is a Newsletter subscription
 * until its owner says otherwise.
 */
export class Topics1766400000000 implements MigrationInterface {
  name = 'Topics1766400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        soft_opt_in boolean NOT NULL DEFAULT false,
        joined_by_default boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX topics_name ON topics (name);
      INSERT INTO topics (id, name, description, joined_by_default)
        VALUES ('00000000-0000-4000-8000-000000000001', 'Newsletter', 'Our news and what your support makes possible', true);
      CREATE TABLE topic_subscriptions (
        supporter_id uuid NOT NULL CONSTRAINT topic_subscriptions_supporter_id_fkey REFERENCES supporters (id),
        topic_id uuid NOT NULL CONSTRAINT topic_subscriptions_topic_id_fkey REFERENCES topics (id),
        subscribed boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (supporter_id, topic_id)
      );
      CREATE INDEX topic_subscriptions_topic ON topic_subscriptions (topic_id, supporter_id);
      ALTER TABLE consent_events ADD COLUMN topic_id uuid CONSTRAINT consent_events_topic_id_fkey REFERENCES topics (id);
      ALTER TABLE consent_events DROP CONSTRAINT consent_events_kind_check;
      ALTER TABLE consent_events ADD CONSTRAINT consent_events_kind_check CHECK (kind IN
        ('requested', 'confirmed', 'unsubscribed', 'bounced', 'complained', 'imported', 'erased', 'topic_joined', 'topic_left'));
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The ledger is append-only: topic rows stay, so the widened kinds stay too.
      ALTER TABLE consent_events DROP COLUMN topic_id;
      DROP TABLE topic_subscriptions;
      DROP TABLE topics;
    `);
  }
}
