import { IsSingleLine } from '@crm/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ContactPreferenceChangesDto } from '../../contact-preferences/dto/contact-preference-changes.dto';
import { IsPastOrToday } from './is-past-or-today';
import { PostalAddressDto } from './postal-address.dto';
import { IsPhone } from './supporter-contact.validators';

export class UpdateSupporterDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  firstName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  lastName?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'Replaces the tags; duplicates and blanks are dropped.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(100, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;

  @ApiPropertyOptional({
    type: PostalAddressDto,
    nullable: true,
    description: 'Replaces the postal address; null removes it.',
  })
  @IsOptional()
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 30,
    example: '07911 123456',
    description: 'A UK number, or an international one starting with +; stored in E.164.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({
    description:
      'true records the death now: no contact of any kind from then on, and the supporter leaves every audience at once. false corrects a mistaken record.',
  })
  @IsOptional()
  @IsBoolean()
  deceased?: boolean;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: '2026-11-03',
    description: 'Date of death (YYYY-MM-DD, not in the future); giving one records the death.',
  })
  @IsOptional()
  @IsString()
  @IsPastOrToday()
  dateOfDeath?: string | null;

  @ApiPropertyOptional({
    type: ContactPreferenceChangesDto,
    description: 'Preferences to change, by channel; each change is added to the history.',
  })
  @IsOptional()
  @IsObject({ message: 'contactPreferences must be an object' })
  @ValidateNested()
  @Type(() => ContactPreferenceChangesDto)
  contactPreferences?: ContactPreferenceChangesDto;
}
