import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DonationFrequency, DonationStatus } from './donation-enums';

/** One gift, or one monthly instalment. Owned by the donations app. Money in minor units. */
@Entity('donations')
export class Donation {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) donorName!: string | null;
  /** The donor was erased: later Stripe events do not fill their address and name in again. */
  @Column('timestamptz', { nullable: true }) donorForgottenAt!: Date | null;
  @Column('int') amount!: number;
  @Column('int', { default: 0 }) feeAmount!: number;
  @Column('text') currency!: string;
  @Column('text') frequency!: DonationFrequency;
  @Column('text') status!: DonationStatus;
  @Column('int', { default: 0 }) refundedAmount!: number;
  @Column('text', { nullable: true }) disputeStatus!: string | null;
  @Column('text', { nullable: true }) campaign!: string | null;
  @Column('text', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @Column('text', { nullable: true }) stripePaymentIntentId!: string | null;
  @Column('text', { nullable: true }) stripeInvoiceId!: string | null;
  @Column('text', { nullable: true }) stripeChargeId!: string | null;
  /** Set on monthly instalments, so an invoice seen before its checkout session still finds its gift. */
  @Column('text', { nullable: true }) stripeSubscriptionId!: string | null;
  @Column('uuid', { nullable: true }) recurringDonationId!: string | null;
  @Column('uuid', { nullable: true }) giftAidDeclarationId!: string | null;
  @Column('timestamptz', { nullable: true }) paidAt!: Date | null;
  /** When the donor fact and receipt were queued (once per donation). */
  @Column('timestamptz', { nullable: true }) notifiedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
