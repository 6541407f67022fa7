import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Inbox of Stripe webhook events, unique by Stripe's event id. Owned by the donations app. */
@Entity('stripe_events')
@Index('stripe_events_unprocessed', ['receivedAt'], { where: 'processed_at IS NULL' })
export class StripeEventRecord {
  @PrimaryColumn('text') id!: string;
  @Column('text') type!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { nullable: true }) stripeCreatedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) receivedAt!: Date;
  @Column('timestamptz', { nullable: true }) processedAt!: Date | null;
  @Column('int', { default: 0 }) attempts!: number;
  @Column('text', { nullable: true }) lastError!: string | null;
}
