import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A Gift Aid declaration made at checkout. Kept 6 years for HMRC. Owned by the donations app. */
@Entity('gift_aid_declarations')
@Unique('gift_aid_declarations_stripe_checkout_session_id_key', ['stripeCheckoutSessionId'])
@Index('gift_aid_declarations_supporter', ['supporterId'])
export class GiftAidDeclaration {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text') firstName!: string;
  @Column('text') lastName!: string;
  @Column('text') houseNameOrNumber!: string;
  @Column('text') postcode!: string;
  @Column('text') wordingVersion!: string;
  @Column('timestamptz') declaredAt!: Date;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
