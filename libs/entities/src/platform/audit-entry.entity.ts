import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of a staff write. Every app appends its own staff actions here. */
@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') app!: string;
  @Column('uuid', { nullable: true }) actorTokenId!: string | null;
  /** The console user behind a write made with a session (null for a token or the CLI). */
  @Column('uuid', { nullable: true }) actorStaffUserId!: string | null;
  @Column('text') actorName!: string;
  @Column('text') action!: string;
  @Column('text', { nullable: true }) targetType!: string | null;
  @Column('text', { nullable: true }) targetId!: string | null;
  @Column('int', { nullable: true }) statusCode!: number | null;
  @Column('text', { nullable: true }) requestId!: string | null;
  @Column('jsonb', { default: {} }) details!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt!: Date;
}
