import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { STAFF_ROLES, type StaffRole } from '../platform/staff-role';
import { oneOf } from '../schema/check';
import { StaffUser } from './staff-user.entity';

export const STAFF_LINK_KINDS = ['invite', 'password_reset'] as const;
export type StaffLinkKind = (typeof STAFF_LINK_KINDS)[number];

/**
 * A one-time emailed link: an invitation to join (72 h) or a password reset (1 h). Only the
 * SHA-256 of its token is stored. Written by the console app (and its CLI) only.
 */
@Entity('staff_invitations')
@Unique('staff_invitations_token_hash_key', ['tokenHash'])
@Index('staff_invitations_open_by_email', ['email'], { where: 'accepted_at IS NULL' })
@Check('staff_invitations_kind_check', oneOf('kind', STAFF_LINK_KINDS))
@Check('staff_invitations_email_check', 'email = lower(email)')
@Check('staff_invitations_role_check', oneOf('role', STAFF_ROLES))
@Check('staff_invitations_check', `kind <> 'invite' OR role IS NOT NULL`)
@Check('staff_invitations_check1', `kind <> 'password_reset' OR staff_user_id IS NOT NULL`)
export class StaffInvitation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') kind!: StaffLinkKind;
  @Column('text') tokenHash!: string;
  @Column('text') email!: string;
  @Column('text', { nullable: true }) name!: string | null;
  /** The role an invitation grants; null for a password reset. */
  @Column('text', { nullable: true }) role!: StaffRole | null;
  /** The user a reset is for, or the one an accepted invitation created. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => StaffUser, { name: 'staff_invitations_staff_user_id_fkey' })
  staffUserId!: string | null;
  @Column('uuid', { nullable: true })
  @ForeignKey(() => StaffUser, { name: 'staff_invitations_invited_by_fkey' })
  invitedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) acceptedAt!: Date | null;
}
