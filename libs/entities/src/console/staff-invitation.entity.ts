import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffRole } from '../platform/staff-role';

export const STAFF_LINK_KINDS = ['invite', 'password_reset'] as const;
export type StaffLinkKind = (typeof STAFF_LINK_KINDS)[number];

/**
 * A one-time emailed link: an invitation to join (72 h) or a password reset (1 h). Only the
 * SHA-256 of its token is stored. Written by the console app (and its CLI) only.
 */
@Entity('staff_invitations')
export class StaffInvitation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') kind!: StaffLinkKind;
  @Column('text') tokenHash!: string;
  @Column('text') email!: string;
  @Column('text', { nullable: true }) name!: string | null;
  /** The role an invitation grants; null for a password reset. */
  @Column('text', { nullable: true }) role!: StaffRole | null;
  /** The user a reset is for, or the one an accepted invitation created. */
  @Column('uuid', { nullable: true }) staffUserId!: string | null;
  @Column('uuid', { nullable: true }) invitedBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) acceptedAt!: Date | null;
}
