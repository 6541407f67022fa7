import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Supporter } from './supporter.entity';

/**
 * One confirmation link sent for a pending newsletter subscription: the SHA-256 of its token (the
 * token itself is only in the email) and when it stops working. Every link sent stays valid until
 * then, so the first of two emails still confirms. Owned by the subscribers app.
 */
@Entity('subscription_confirmations')
@Index('subscription_confirmations_supporter', ['supporterId'])
export class SubscriptionConfirmation {
  @PrimaryColumn('text') tokenHash!: string;
  @Column('uuid')
  @ForeignKey(() => Supporter, { name: 'subscription_confirmations_supporter_id_fkey' })
  supporterId!: string;
  @Column('timestamptz') expiresAt!: Date;
}
