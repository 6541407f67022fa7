import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { normalisePostcode } from '../../common/postcode';

/** A UK postcode as HMRC's schedule wants it: outward code, one space, inward code, upper case. */
const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/;

/** The donor's Gift Aid declaration, as HMRC needs it on the claim schedule. */
export class GiftAidDeclarationDto {
  @ApiPropertyOptional({ example: 'Ms' })
  @IsOptional()
  @IsString()
  @IsSingleLine()
  @MaxLength(4)
  title?: string;

  @ApiProperty({ example: 'Ada' })
  @IsString()
  @IsNotEmpty()
  @IsSingleLine()
  @MaxLength(35)
  firstName!: string;

  @ApiProperty({ example: 'Lovelace' })
  @IsString()
  @IsNotEmpty()
  @IsSingleLine()
  @MaxLength(35)
  lastName!: string;

  @ApiProperty({ example: '12' })
  @IsString()
  @IsNotEmpty()
  @IsSingleLine()
  @MaxLength(40)
  houseNameOrNumber!: string;

  @ApiProperty({ example: 'N1 1AA', description: 'Stored upper case with one space, as HMRC requires' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalisePostcode(value) : value,
  )
  @IsString()
  @Matches(UK_POSTCODE, { message: 'postcode must be a UK postcode such as N1 1AA' })
  postcode!: string;

  @ApiPropertyOptional({ description: 'Version of the declaration wording the donor agreed to' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  wordingVersion?: string;
}
