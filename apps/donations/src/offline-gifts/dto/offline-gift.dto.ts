import { OFFLINE_DONATION_METHODS, type OfflineDonationMethod } from '@crm/entities';
import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** £10,000,000: far above any single gift, well inside the column. */
export const MAX_OFFLINE_AMOUNT = 1_000_000_000;

/** One gift received outside Stripe: a cheque, cash, a transfer, a platform's payout line. */
export class CreateOfflineGiftDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing supporter; or give email and names' })
  @IsOptional()
  @IsUUID()
  supporterId?: string;

  @ApiPropertyOptional({ description: 'The donor: found or created as a supporter (without consent)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(100)
  firstName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(100)
  lastName?: string;

  @ApiProperty({ description: 'Minor units (pence)', minimum: 1, maximum: MAX_OFFLINE_AMOUNT })
  @IsInt()
  @Min(1)
  @Max(MAX_OFFLINE_AMOUNT)
  amount!: number;

  @ApiPropertyOptional({ description: 'ISO 4217, lower case; default the base currency', example: 'gbp' })
  @IsOptional()
  @Matches(/^[a-z]{3}$/, { message: 'currency must be three lower-case letters (gbp)' })
  currency?: string;

  @ApiProperty({ description: 'Date received: YYYY-MM-DD (or DD/MM/YYYY)', example: '2026-12-01' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  receivedAt!: string;

  @ApiProperty({ enum: OFFLINE_DONATION_METHODS })
  @IsIn(OFFLINE_DONATION_METHODS)
  method!: OfflineDonationMethod;

  @ApiPropertyOptional({ description: 'Campaign or appeal' })
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(100)
  campaign?: string;

  @ApiPropertyOptional({ description: 'Cheque number, bank reference or platform donation id' })
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ description: 'Gift Aid may be claimed on it (when a declaration covers it)' })
  @IsOptional()
  @IsBoolean()
  giftAid?: boolean;
}

/** A correction before the gift is claimed. The donor is changed by naming another supporter. */
export class UpdateOfflineGiftDto extends PartialType(
  OmitType(CreateOfflineGiftDto, ['email', 'firstName', 'lastName'] as const),
) {}
