import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from '../console/staff-user.entity';
import { StaffToken } from './staff-token.entity';

/** Append-only record of a staff write. Every app appends its own staff actions here. */
@Entity('audit_log')
@Index('audit_log_occurred_at', ['occurredAt'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') app!: string;
  @Column('uuid', { nullable: true })
  @ForeignKey(() => StaffToken, { name: 'audit_log_actor_token_id_fkey' })
  actorTokenId!: string | null;
  /** The console user behind a write made with a session (null for a token or the CLI). */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => StaffUser, { name: 'audit_log_actor_staff_user_id_fkey' })
  actorStaffUserId!: string | null;
  @Column('text') actorName!: string;
  @Column('text') action!: string;
  @Column('text', { nullable: true }) targetType!: string | null;
  @Column('text', { nullable: true }) targetId!: string | null;
  @Column('int', { nullable: true }) statusCode!: number | null;
  @Column('text', { nullable: true }) requestId!: string | null;
  @Column('jsonb', { default: {} }) details!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt!: Date;
}
