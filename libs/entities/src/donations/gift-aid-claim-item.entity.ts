import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A donation inside a claim. The donation id is the key, so a donation is in at most one claim. */
@Entity('gift_aid_claim_items')
export class GiftAidClaimItem {
  @PrimaryColumn('uuid') donationId!: string;
  @Column('uuid') claimId!: string;
  @Column('int') amount!: number;
  /** Set when the donation is refunded after being claimed: HMRC must be told. */
  @Column('boolean', { default: false }) needsAdjustment!: boolean;
}
