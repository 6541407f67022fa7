import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { SuppressionReason } from './mailer-enums';

/** An address that must never receive marketing mail. Owned by the mailer app. */
@Entity('suppressions')
export class Suppression {
  @PrimaryColumn('text') emailNormalised!: string;
  @Column('text') reason!: SuppressionReason;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
