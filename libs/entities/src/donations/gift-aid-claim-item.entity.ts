import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Donation } from './donation.entity';
import { GiftAidClaim } from './gift-aid-claim.entity';

/** A donation inside a claim. The donation id is the key, so a donation is in at most one claim. */
@Entity('gift_aid_claim_items')
@Index('gift_aid_claim_items_claim', ['claimId'])
export class GiftAidClaimItem {
  @PrimaryColumn('uuid')
  @ForeignKey(() => Donation, { name: 'gift_aid_claim_items_donation_id_fkey' })
  donationId!: string;
  @Column('uuid')
  @ForeignKey(() => GiftAidClaim, { name: 'gift_aid_claim_items_claim_id_fkey' })
  claimId!: string;
  @Column('int') amount!: number;
  /** Set when the donation is refunded after being claimed: HMRC must be told. */
  @Column('boolean', { default: false }) needsAdjustment!: boolean;
}
