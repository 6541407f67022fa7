import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES = `'admin', 'fundraising', 'comms', 'viewer'`;

/**
 * People who sign in to the staff console, their sessions, and the one-time links (invitation,
 * password reset) that let them set a password. Written by the console app only. The audit log
 * gains the console user behind a write made with a session.
 */
export class StaffConsole1765300000000 implements MigrationInterface {
  name = 'StaffConsole1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE staff_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN (${ROLES})),
        password_hash text NOT NULL,
        totp_secret text,
        totp_enabled boolean NOT NULL DEFAULT false,
        totp_last_step bigint,
        disabled_at timestamptz,
        last_sign_in_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (NOT totp_enabled OR totp_secret IS NOT NULL)
      );
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        csrf_token text NOT NULL,
        staff_user_id uuid NOT NULL REFERENCES staff_users (id),
        must_set_up_totp boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      );
      CREATE INDEX staff_sessions_open_by_user ON staff_sessions (staff_user_id) WHERE ended_at IS NULL;
      CREATE TABLE staff_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('invite', 'password_reset')),
        token_hash text NOT NULL UNIQUE,
        email text NOT NULL CHECK (email = lower(email)),
        name text,
        role text CHECK (role IN (${ROLES})),
        staff_user_id uuid REFERENCES staff_users (id),
        invited_by uuid REFERENCES staff_users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        CHECK (kind <> 'invite' OR role IS NOT NULL),
        CHECK (kind <> 'password_reset' OR staff_user_id IS NOT NULL)
      );
      CREATE INDEX staff_invitations_open_by_email ON staff_invitations (email) WHERE accepted_at IS NULL;
      ALTER TABLE audit_log ADD COLUMN actor_staff_user_id uuid REFERENCES staff_users (id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit_log DROP COLUMN actor_staff_user_id;
      DROP TABLE staff_invitations, staff_sessions, staff_users;
    `);
  }
}
