import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A UK postcode, loosely: outward code, optional space, inward code. */
const UK_POSTCODE = /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/;

/** The donor's Gift Aid declaration, as HMRC needs it on the claim schedule. */
export class GiftAidDeclarationDto {
  @ApiPropertyOptional({ example: 'Ms' })
  @IsOptional()
  @IsString()
  @MaxLength(4)
  title?: string;

  @ApiProperty({ example: 'Ada' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(35)
  firstName!: string;

  @ApiProperty({ example: 'Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(35)
  lastName!: string;

  @ApiProperty({ example: '12' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  houseNameOrNumber!: string;

  @ApiProperty({ example: 'N1 1AA' })
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
