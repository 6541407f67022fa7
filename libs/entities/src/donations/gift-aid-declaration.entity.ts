import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A Gift Aid declaration made at checkout. Kept 6 years for HMRC. Owned by the donations app. */
@Entity('gift_aid_declarations')
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
