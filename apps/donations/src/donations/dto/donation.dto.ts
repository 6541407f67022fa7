import {
  DONATION_FREQUENCIES,
  DONATION_STATUSES,
  type DonationFrequency,
  type DonationStatus,
} from '@crm/entities';
import { ApiProperty } from '@nestjs/swagger';

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
  @ApiProperty({ nullable: true }) paidAt!: string | null;
  @ApiProperty() createdAt!: string;
}

export class DonationPageDto {
  @ApiProperty({ type: [DonationDto] }) items!: DonationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
