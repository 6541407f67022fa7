import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';
import { STAFF_ROLES, type StaffRole } from './staff-role';

/** A staff API token. Only the SHA-256 of the token is stored. Written by the CLI only. */
@Entity('staff_tokens')
@Unique('staff_tokens_token_hash_key', ['tokenHash'])
@Check('staff_tokens_role_check', oneOf('role', STAFF_ROLES))
export class StaffToken {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') role!: StaffRole;
  @Column('text') tokenHash!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
}
