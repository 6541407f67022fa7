import {
  DONATION_FREQUENCIES,
  DONATION_METHODS,
  DONATION_STATUSES,
  type DonationFrequency,
  type DonationMethod,
  type DonationStatus,
} from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The Gift Aid claim a gift is in (not released by a rejection). */
export class GiftClaimRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['draft', 'submitted', 'paid', 'rejected'] }) status!: string;
  @ApiProperty() createdAt!: string;
}

export class DonationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) supporterId!: string | null;
  @ApiProperty({ nullable: true }) email!: string | null;
  @ApiProperty({ nullable: true }) donorName!: string | null;
  @ApiProperty({ description: 'Gift in minor units, without any covered fee' }) amount!: number;
  @ApiProperty({ description: 'Processing fee the donor covered, minor units' }) feeAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: DONATION_FREQUENCIES }) frequency!: DonationFrequency;
  @ApiProperty({ enum: DONATION_STATUSES }) status!: DonationStatus;
  @ApiProperty() refundedAmount!: number;
  @ApiProperty({ nullable: true }) disputeStatus!: string | null;
  @ApiProperty({ nullable: true }) campaign!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) recurringDonationId!: string | null;
  @ApiProperty({ description: 'A Gift Aid declaration covers this gift' }) giftAid!: boolean;
  @ApiProperty({ enum: DONATION_METHODS, description: '`stripe`, or how an offline gift was paid' })
  method!: DonationMethod;
  @ApiProperty({ type: String, nullable: true, description: 'Cheque number, bank reference or platform id' })
  reference!: string | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Offline gifts: staff say Gift Aid may be claimed on it (null for Stripe gifts)',
  })
  giftAidApplies!: boolean | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who entered or imported an offline gift' })
  recordedBy!: string | null;
  @ApiProperty({ nullable: true }) paidAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({
    type: GiftClaimRefDto,
    nullable: true,
    description: 'GET /donations/:id only: the Gift Aid claim holding it (it can no longer be changed)',
  })
  giftAidClaim?: GiftClaimRefDto | null;
}

export class DonationPageDto {
  @ApiProperty({ type: [DonationDto] }) items!: DonationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
