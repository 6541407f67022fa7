import { IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDeliverableEmail } from '../../supporters/is-deliverable-email';

export class SubscribeDto {
  @ApiProperty({ example: 'ada@example.org' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  @IsDeliverableEmail()
  email!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsSingleLine()
  name?: string;

  @ApiPropertyOptional({ example: 'homepage-footer', description: 'Where the sign-up form was.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  source?: string;

  @ApiProperty({
    example: 'Yes, email me news about the campaign. I can unsubscribe at any time.',
    description: 'The exact consent wording the person saw; kept in the consent ledger.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  consentText!: string;
}

export class SubscribeAcceptedDto {
  @ApiProperty({ example: 'accepted' }) status!: 'accepted';
  @ApiProperty() message!: string;
}
