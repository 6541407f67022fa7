import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A provider event (delivered, open, bounce…), unique by the provider's event id. Owned by the mailer. */
@Entity('email_events')
@Unique('email_events_provider_event_id_key', ['providerEventId'])
@Index('email_events_supporter', ['supporterId', 'type', 'occurredAt'])
@Index('email_events_recipient', ['recipientId'])
// A campaign's clicks by link, for its report; partial, so other events do not pay for it.
@Index('email_events_campaign_clicks', ['campaignId', 'url'], { where: "type = 'click'" })
// (type, occurred_at) INCLUDE (supporter_id): TypeORM cannot describe INCLUDE; the migration defines it.
@Index('email_events_type_occurred', { synchronize: false })
export class EmailEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('text') providerEventId!: string;
  @Column('text') type!: string;
  @Column('uuid', { nullable: true }) campaignId!: string | null;
  @Column('uuid', { nullable: true }) recipientId!: string | null;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) providerMessageId!: string | null;
  @Column('timestamptz') occurredAt!: Date;
  /** The link of a click event: http(s), at most 2,048 characters, link tokens redacted; else null. */
  @Column('text', { nullable: true }) url!: string | null;
  @Column('jsonb', { default: {} }) payload!: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) receivedAt!: Date;
}
