import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { UK_COUNTRY } from '../postal-address';
import { EachSingleLine, IsUkPostcodeWhenGb } from './supporter-contact.validators';

/** A postal address as staff enter it. */
export class PostalAddressDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 4,
    example: ['Flat 2', '10 High Street'],
    description: 'The lines before the town: house name or number, street, locality.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  @EachSingleLine()
  lines!: string[];

  @ApiProperty({ maxLength: 100, example: 'Bristol' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSingleLine()
  town!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 16,
    example: 'BS1 4DJ',
    description: 'Required, and a full UK postcode, when the country is GB; stored normalised ("BS1 4DJ").',
  })
  @ValidateIf(
    (address: PostalAddressDto) =>
      (address.country ?? UK_COUNTRY) === UK_COUNTRY ||
      (address.postcode !== undefined && address.postcode !== null),
  )
  @IsString()
  @MaxLength(16)
  @IsUkPostcodeWhenGb()
  postcode?: string | null;

  @ApiPropertyOptional({ example: 'GB', default: 'GB', description: 'ISO 3166-1 alpha-2 country code.' })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;
}
