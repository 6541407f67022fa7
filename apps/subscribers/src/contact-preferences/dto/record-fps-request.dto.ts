import { CONTACT_CHANNELS, type ContactChannel } from '@crm/entities';
import { IsSingleLine } from '@crm/platform';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsPastOrToday } from '../../supporters/dto/is-past-or-today';

export class RecordFpsRequestDto {
  @ApiProperty({
    maxLength: 100,
    example: 'FPS-2026-001234',
    description: "The Fundraising Preference Service's reference.",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSingleLine()
  @Matches(/\S/, { message: 'reference must not be blank' })
  reference!: string;

  @ApiProperty({
    format: 'date',
    example: '2026-11-30',
    description: 'The day the request was received (YYYY-MM-DD).',
  })
  @IsString()
  @IsPastOrToday()
  receivedOn!: string;

  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true, description: 'The channels the request names.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(CONTACT_CHANNELS, { each: true })
  channels!: ContactChannel[];
}
