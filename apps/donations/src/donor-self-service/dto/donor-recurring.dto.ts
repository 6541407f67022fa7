import { RECURRING_STATUSES, type RecurringStatus } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsPositive, IsString, MaxLength, ValidateIf } from 'class-validator';

export class DonorTokenQueryDto {
  @ApiProperty({ description: 'The signed token from the receipt link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;
}

/**
 * Through the receipt's link: `cancel`, or `change-amount` (a lower amount is made at once; a
 * higher one is emailed to the donor to confirm). Through the emailed link: `confirm-increase`.
 */
export const DONOR_ACTIONS = ['cancel', 'change-amount', 'confirm-increase'] as const;
export type DonorAction = (typeof DONOR_ACTIONS)[number];

/** JSON or the HTML form's fields. */
export class DonorRecurringActionDto {
  @ApiProperty({ enum: DONOR_ACTIONS })
  @IsIn(DONOR_ACTIONS)
  action!: DonorAction;

  @ApiPropertyOptional({ description: 'New monthly amount in minor units (for change-amount)' })
  @ValidateIf((body: DonorRecurringActionDto) => body.action === 'change-amount')
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  amount?: number;
}

export class DonorRecurringViewDto {
  @ApiProperty({ description: 'Monthly gift, minor units' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: RECURRING_STATUSES }) status!: RecurringStatus;
  @ApiProperty() cancelAtPeriodEnd!: boolean;
  @ApiProperty({ nullable: true }) nextPaymentAt!: string | null;
  @ApiPropertyOptional({
    description: 'The new monthly amount the link confirms (the emailed confirmation link only)',
  })
  confirmIncreaseTo?: number;
}
