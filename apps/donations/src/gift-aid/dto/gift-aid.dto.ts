import { IsInstant } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { SCHEDULE_MAX_LINES } from '../gift-aid-schedule';

export class EligibleDonationDto {
  @ApiProperty({ format: 'uuid' }) donationId!: string;
  @ApiProperty({ description: 'What the donor gave, minor units (including any fee they covered)' })
  amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() paidAt!: string;
  @ApiProperty({ format: 'uuid' }) declarationId!: string;
  @ApiProperty({ nullable: true }) title!: string | null;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() houseNameOrNumber!: string;
  @ApiProperty() postcode!: string;
}

export class EligibleDonationPageDto {
  @ApiProperty({ type: [EligibleDonationDto] }) items!: EligibleDonationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreateClaimDto {
  @ApiPropertyOptional({ description: 'Only donations paid before this instant (ISO-8601)' })
  @IsOptional()
  @IsInstant()
  paidBefore?: string;

  @ApiPropertyOptional({ description: 'Only these donations (each must be eligible)', type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCHEDULE_MAX_LINES)
  @IsUUID('all', { each: true })
  donationIds?: string[];
}

export class GiftAidClaimDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() donationCount!: number;
  @ApiProperty({ description: 'Sum of the claimed donations, minor units' }) totalAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: [String], description: 'Donations refunded after the claim: tell HMRC' })
  needsAdjustment!: string[];
}

export class GiftAidClaimPageDto {
  @ApiProperty({ type: [GiftAidClaimDto] }) items!: GiftAidClaimDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
