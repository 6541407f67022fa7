import { IsInstant, IsSingleLine } from '@crm/platform';
import { CLAIM_STATUSES, type ClaimStatus } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import { SCHEDULE_MAX_LINES } from '../claim-lines';

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
  @ApiProperty({
    format: 'date',
    description:
      "The last day (London) a claim may include it: 4 years after the end of the accounting period it was received in (HMRC's time limit)",
  })
  claimBy!: string;
}

export class EligibleDonationPageDto {
  @ApiProperty({ type: [EligibleDonationDto] }) items!: EligibleDonationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** HMRC's time limit on claims, and what it has taken. */
export class ClaimTimeLimitDto {
  @ApiProperty({
    description:
      'A claim must be made within this many years of the end of the accounting period a gift was received in',
  })
  years!: number;
  @ApiProperty({
    description:
      'The earliest receipt a claim made now may include: the start of the accounting period 4 before the current one',
  })
  receivedSince!: string;
  @ApiProperty({
    description:
      'Gifts covered by a declaration and never claimed, received before receivedSince: too late to claim',
  })
  lostCount!: number;
  @ApiProperty({ description: 'What they total, minor units' }) lostAmount!: number;
  @ApiProperty({ description: 'The Gift Aid lost on them (25 %), minor units' }) lostGiftAidAmount!: number;
}

/** What is ready to claim now, and what is too late to claim. */
export class EligibleSummaryDto {
  @ApiProperty({ description: 'Gifts that can be claimed' }) count!: number;
  @ApiProperty({ description: 'What they total, minor units' }) totalAmount!: number;
  @ApiProperty({ description: 'The Gift Aid on them (25 %), minor units' }) giftAidAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'The last day (London) to claim the oldest gift ready to claim; null when there is none',
  })
  oldestClaimBy!: string | null;
  @ApiProperty({ type: ClaimTimeLimitDto }) timeLimit!: ClaimTimeLimitDto;
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
  @ArrayMaxSize(10_000)
  @IsUUID('all', { each: true })
  donationIds?: string[];

  @ApiPropertyOptional({
    description: `Aggregate gifts of at most GIFT_AID_AGGREGATE_MAX into lines of at most £1,000 (default true); the claim holds at most ${SCHEDULE_MAX_LINES} lines`,
  })
  @IsOptional()
  @IsBoolean()
  aggregate?: boolean;
}

const SETTABLE_STATUSES = CLAIM_STATUSES.filter((status) => status !== 'draft');

/** Staff record what happened to a claim at HMRC. */
export class UpdateClaimDto {
  @ApiProperty({ enum: SETTABLE_STATUSES })
  @IsIn(SETTABLE_STATUSES)
  status!: Exclude<ClaimStatus, 'draft'>;

  @ApiPropertyOptional({
    description: "HMRC's reference for the claim (Charities Online submission reference)",
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsSingleLine()
  @MaxLength(100)
  hmrcReference?: string;

  @ApiPropertyOptional({ description: 'When it was submitted to HMRC (default: now, when submitting)' })
  @IsOptional()
  @IsInstant()
  submittedAt?: string;

  @ApiPropertyOptional({ description: 'When HMRC paid it (default: now, when marking paid)' })
  @IsOptional()
  @IsInstant()
  paidAt?: string;
}

export class GiftAidClaimDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: ClaimStatus;
  @ApiProperty() donationCount!: number;
  @ApiProperty({ description: 'Lines of the schedule (an aggregate of small gifts is one line)' })
  lineCount!: number;
  @ApiProperty({ description: 'Sum of the claimed donations, minor units' }) totalAmount!: number;
  @ApiProperty({ description: 'Gift Aid on the claimed donations (25 %), minor units' })
  giftAidAmount!: number;
  @ApiProperty({
    description:
      'Donations of earlier claims refunded (or no longer covered) since, netted in this claim, minor units',
  })
  adjustmentAmount!: number;
  @ApiProperty({
    description: "Gift Aid over-claimed earlier (25 % of adjustmentAmount): HMRC's adjustment box",
  })
  adjustmentGiftAidAmount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String }) hmrcReference!: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) paidAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) rejectedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({
    type: [String],
    description:
      'Donations refunded (or no longer covered) after the claim: netted in the next claim once this one is submitted',
  })
  needsAdjustment!: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description:
      "The last day (London) HMRC takes this claim for all its gifts: its oldest gift's claimBy. A draft submitted later loses the Gift Aid on the gifts past their limit",
  })
  submitBy!: string | null;
}

export class GiftAidClaimPageDto {
  @ApiProperty({ type: [GiftAidClaimDto] }) items!: GiftAidClaimDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
