import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message "sent" by the dev transport: stored instead of delivered. Owned by the mailer app. */
@Entity('outbox_messages')
@Index('outbox_messages_created_at', ['createdAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') toAddress!: string;
  @Column('text') fromAddress!: string;
  @Column('text') subject!: string;
  @Column('text') html!: string;
  @Column('text') text!: string;
  @Column('jsonb', { default: {} }) headers!: Record<string, string>;
  @Column('text', { array: true, default: () => "'{}'" }) categories!: string[];
  @Column('text', { nullable: true }) template!: string | null;
  @Column('text', { nullable: true }) reference!: string | null;
  @Column('uuid', { nullable: true }) campaignId!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
