import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';

export const TRANSACTIONAL_STATUSES = ['sending', 'sent', 'failed'] as const;
export type TransactionalStatus = (typeof TRANSACTIONAL_STATUSES)[number];

/** Ledger of transactional mail, unique per (template, reference) so each is sent once. */
@Entity('transactional_messages')
@Unique('transactional_messages_template_reference_key', ['template', 'reference'])
@Check('transactional_messages_status_check', oneOf('status', TRANSACTIONAL_STATUSES))
export class TransactionalMessage {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') template!: string;
  @Column('text') reference!: string;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text') status!: TransactionalStatus;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { nullable: true }) sentAt!: Date | null;
}
