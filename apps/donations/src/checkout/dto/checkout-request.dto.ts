import { DONATION_FREQUENCIES, type DonationFrequency } from '@crm/entities';
import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { GiftAidDeclarationDto } from './gift-aid-declaration.dto';

const URL_OPTIONS = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class CheckoutRequestDto {
  @ApiProperty({ description: 'Gift in minor units (pence), before any covered fee', example: 1000 })
  @IsInt()
  @IsPositive()
  amount!: number;

  @ApiPropertyOptional({ description: 'ISO 4217, lower case; defaults to the base currency', example: 'gbp' })
  @IsOptional()
  @Matches(/^[A-Za-z]{3}$/, { message: 'currency must be an ISO 4217 code such as gbp' })
  currency?: string;

  @ApiProperty({ enum: DONATION_FREQUENCIES })
  @IsIn(DONATION_FREQUENCIES)
  frequency!: DonationFrequency;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Campaign the gift is attributed to' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;

  @ApiPropertyOptional({ description: 'Where the donor came from (page, email, advert)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @ApiPropertyOptional({ description: 'Add the card processing fee so the charity receives the full amount' })
  @IsOptional()
  @IsBoolean()
  coverFees?: boolean;

  @ApiPropertyOptional({ type: GiftAidDeclarationDto })
  @IsOptional()
  @IsObject({ message: 'giftAid must be an object' })
  @ValidateNested()
  @Type(() => GiftAidDeclarationDto)
  giftAid?: GiftAidDeclarationDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  successUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  cancelUrl?: string;
}
