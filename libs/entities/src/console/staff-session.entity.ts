import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A console sign-in. Only the SHA-256 of the cookie's token is stored; the CSRF token is kept as
 * is (it is useless without the cookie) so `GET /api/auth/me` can hand it back. A session ends at
 * sign-out, when its user is disabled, after 12 h without use or 7 days after it began.
 * Written by the console app only; every app's guard reads it.
 */
@Entity('staff_sessions')
export class StaffSession {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') tokenHash!: string;
  @Column('text') csrfToken!: string;
  @Column('uuid') staffUserId!: string;
  /** Signed in without the second factor the organisation requires: may only set it up. */
  @Column('boolean', { default: false }) mustSetUpTotp!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { default: () => 'now()' }) lastSeenAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) endedAt!: Date | null;
}
