import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A provider event (delivered, open, bounce…), unique by the provider's event id. Owned by the mailer. */
@Entity('email_events')
export class EmailEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') providerEventId!: string;
  @Column('text') type!: string;
  @Column('uuid', { nullable: true }) campaignId!: string | null;
  @Column('uuid', { nullable: true }) recipientId!: string | null;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('timestamptz') occurredAt!: Date;
  @Column('jsonb', { default: {} }) payload!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) receivedAt!: Date;
}
