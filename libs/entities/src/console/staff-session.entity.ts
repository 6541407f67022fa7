import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { StaffUser } from './staff-user.entity';

/**
 * A console sign-in. Only the SHA-256 of the cookie's token is stored; the CSRF token is kept as
 * is (it is useless without the cookie) so `GET /api/auth/me` can hand it back. A session ends at
 * sign-out, when its user is disabled, after 12 h without use or 7 days after it began.
 * Written by the console app only; every app's guard reads it.
 */
@Entity('staff_sessions')
@Unique('staff_sessions_token_hash_key', ['tokenHash'])
@Index('staff_sessions_open_by_user', ['staffUserId'], { where: 'ended_at IS NULL' })
export class StaffSession {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') tokenHash!: string;
  @Column('text') csrfToken!: string;
  @Column('uuid')
  @ForeignKey(() => StaffUser, { name: 'staff_sessions_staff_user_id_fkey' })
  staffUserId!: string;
  /** Signed in without the second factor the organisation requires: may only set it up. */
  @Column('boolean', { default: false }) mustSetUpTotp!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { default: () => 'now()' }) lastSeenAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) endedAt!: Date | null;
}
