import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../schema/check';

/** A claim's life: made (`draft`), sent to HMRC (`submitted`), then `paid` or `rejected`. */
export const CLAIM_STATUSES = ['draft', 'submitted', 'paid', 'rejected'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A batch of donations claimed from HMRC together. Owned by the donations app. */
@Entity('gift_aid_claims')
@Check('gift_aid_claims_status_check', oneOf('status', CLAIM_STATUSES))
export class GiftAidClaim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @Column('int') donationCount!: number;
  @Column('int') totalAmount!: number;
  /** ISO 4217, upper case. */
  @Column('char', { length: 3 }) currency!: string;
  @Column('text', { default: 'draft' }) status!: ClaimStatus;
  @Column('text', { nullable: true }) hmrcReference!: string | null;
  @Column('timestamptz', { nullable: true }) submittedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) paidAt!: Date | null;
  @Column('timestamptz', { nullable: true }) rejectedAt!: Date | null;
  /** Lines of the schedule: one per gift, or one per aggregate of small gifts. */
  @Column('int', { default: 0 }) lineCount!: number;
  /** Gifts of earlier claims refunded (or no longer covered) since, netted in this one. Minor units. */
  @Column('int', { default: 0 }) adjustmentAmount!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
