import { IsInstant, IsSingleLine } from '@crm/platform';
import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

const BODY_MAX = 500_000;

/** SendGrid open and click tracking for one email; a field left out keeps its value (on when new). */
export class CampaignTrackingInputDto {
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() opens?: boolean;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() clicks?: boolean;
}

export class CreateCampaignDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) name!: string;

  @ApiProperty({ maxLength: 300, description: 'may use merge fields, e.g. "News for {{firstName|friend}}"' })
  @IsString()
  @Length(1, 300)
  @IsSingleLine()
  subject!: string;

  @ApiPropertyOptional({ description: 'HTML body; give html or markdown, not both' })
  @IsOptional()
  @IsString()
  @Length(1, BODY_MAX)
  html?: string;

  @ApiPropertyOptional({ description: 'Markdown body; give html or markdown, not both' })
  @IsOptional()
  @IsString()
  @Length(1, BODY_MAX)
  markdown?: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID() segmentId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'the topic it is sent for (GET /api/subscribers/topics): only supporters on it receive it; Newsletter when absent',
  })
  @IsOptional()
  @IsUUID()
  topicId?: string;

  @ApiPropertyOptional({
    maxLength: 100,
    nullable: true,
    type: String,
    description: 'sender name; one line; null clears it',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @IsSingleLine()
  fromName?: string | null;

  @ApiPropertyOptional({ format: 'email', type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  replyTo?: string | null;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'send at this time instead of on POST /send; null clears it',
  })
  @IsOptional()
  @IsInstant()
  scheduledAt?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'cron pattern read in UK time (Europe/London, GMT or BST), so "0 9 * * 1" is every Monday at 09:00 UK time all year; each run becomes its own campaign; null clears it',
  })
  @IsOptional()
  @IsString()
  @Length(9, 100)
  cron?: string | null;

  @ApiPropertyOptional({
    type: CampaignTrackingInputDto,
    description:
      'open and click tracking, both on unless turned off here (or for everyone by MAIL_TRACKING=false)',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CampaignTrackingInputDto)
  tracking?: CampaignTrackingInputDto;
}

export class UpdateCampaignDto extends PartialType(CreateCampaignDto) {}

/** A body to render as a recipient would receive it, before or without saving it as a campaign. */
export class PreviewCampaignDto extends PickType(CreateCampaignDto, [
  'subject',
  'html',
  'markdown',
  'fromName',
] as const) {}

const asList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? [value] : value);

/** Addresses for a test send, as `emails` (or `to`): one address or a list of up to ten. */
export class TestCampaignDto {
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 10, format: 'email' })
  @ValidateIf((body: TestCampaignDto) => body.to === undefined)
  @Transform(asList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], description: 'the same as emails' })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  to?: string[];

  get addresses(): string[] {
    return [...new Set([...(this.emails ?? []), ...(this.to ?? [])])].slice(0, 10);
  }
}
