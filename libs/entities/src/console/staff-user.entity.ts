import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { STAFF_ROLES, type StaffRole } from '../platform/staff-role';
import { oneOf } from '../schema/check';

/**
 * A person who signs in to the staff console. The email is stored lower-cased; the password only
 * as an argon2id hash (PHC string); the TOTP secret encrypted under APP_SECRET. Written by the console app only.
 */
@Entity('staff_users')
@Unique('staff_users_email_key', ['email'])
@Check('staff_users_email_check', 'email = lower(email)')
@Check('staff_users_role_check', oneOf('role', STAFF_ROLES))
@Check('staff_users_check', 'NOT totp_enabled OR totp_secret IS NOT NULL')
export class StaffUser {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') email!: string;
  @Column('text') name!: string;
  @Column('text') role!: StaffRole;
  @Column('text') passwordHash!: string;
  @Column('text', { nullable: true }) totpSecret!: string | null;
  @Column('boolean', { default: false }) totpEnabled!: boolean;
  /** The time step of the last code accepted, so a code cannot be used twice. */
  @Column('bigint', { nullable: true }) totpLastStep!: string | null;
  @Column('timestamptz', { nullable: true }) disabledAt!: Date | null;
  @Column('timestamptz', { nullable: true }) lastSignInAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
