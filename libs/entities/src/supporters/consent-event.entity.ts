import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CONSENT_EVENT_KINDS = [
  'requested',
  'confirmed',
  'unsubscribed',
  'bounced',
  'complained',
  'imported',
  'erased',
] as const;
export type ConsentEventKind = (typeof CONSENT_EVENT_KINDS)[number];

/** Append-only consent ledger row; only personal fields are cleared, on erasure. */
@Entity('consent_events')
export class ConsentEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid') supporterId!: string;
  @Column('text') kind!: ConsentEventKind;
  @Column('text', { nullable: true }) source!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) userAgent!: string | null;
  @Column('text', { nullable: true }) wording!: string | null;
  @Column('text', { nullable: true }) wordingHash!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) occurredAt!: Date;
}
