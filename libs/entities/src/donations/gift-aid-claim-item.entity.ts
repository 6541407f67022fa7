import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Donation } from './donation.entity';
import { GiftAidClaim } from './gift-aid-claim.entity';
import { GiftAidDeclaration } from './gift-aid-declaration.entity';

/**
 * A donation inside a claim. A donation has at most one live (unreleased) item, so it is in at
 * most one claim; a rejected claim releases its items and keeps them as its record.
 */
@Entity('gift_aid_claim_items')
@Index('gift_aid_claim_items_claim', ['claimId'])
@Index('gift_aid_claim_items_live_donation', ['donationId'], { unique: true, where: 'NOT released' })
@Index('gift_aid_claim_items_to_adjust', ['claimId'], {
  where: 'needs_adjustment AND adjusted_in_claim_id IS NULL',
})
export class GiftAidClaimItem {
  @PrimaryColumn('uuid')
  @ForeignKey(() => GiftAidClaim, { name: 'gift_aid_claim_items_claim_id_fkey' })
  claimId!: string;
  @PrimaryColumn('uuid')
  @ForeignKey(() => Donation, { name: 'gift_aid_claim_items_donation_id_fkey' })
  donationId!: string;
  /** The declaration it was claimed under: the schedule names the donor as declared there. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => GiftAidDeclaration, { name: 'gift_aid_claim_items_declaration_id_fkey' })
  declarationId!: string | null;
  @Column('int') amount!: number;
  /** Set when the donation is refunded (or its declaration cancelled back) after being claimed: HMRC must be told. */
  @Column('boolean', { default: false }) needsAdjustment!: boolean;
  /** The schedule line (from 1): gifts sharing one are an aggregated donation. */
  @Column('int', { default: 0 }) line!: number;
  @Column('boolean', { default: false }) aggregated!: boolean;
  /** The claim was rejected: the donation may be claimed again. */
  @Column('boolean', { default: false }) released!: boolean;
  /** The later claim that netted this item's adjustment, and how much (minor units). */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => GiftAidClaim, { name: 'gift_aid_claim_items_adjusted_in_claim_id_fkey' })
  adjustedInClaimId!: string | null;
  @Column('int', { nullable: true }) adjustmentAmount!: number | null;
}
