import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { oneOf } from '../schema/check';
import { SUPPRESSION_REASONS, type SuppressionReason } from './mailer-enums';

/** An address that must never receive marketing mail. Owned by the mailer app. */
@Entity('suppressions')
@Check('suppressions_reason_check', oneOf('reason', SUPPRESSION_REASONS))
@Index('suppressions_created_at', ['createdAt'])
export class Suppression {
  @PrimaryColumn('text') emailNormalised!: string;
  @Column('text') reason!: SuppressionReason;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
