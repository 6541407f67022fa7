import { IsInstant } from '@crm/platform';
import {
  CONFIRMATION_CHANNELS,
  type ConfirmationChannel,
  DECLARATION_METHODS,
  DECLARATION_SCOPES,
  type DeclarationMethod,
  type DeclarationScope,
} from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { GiftAidDeclarationDto } from '../../checkout/dto/gift-aid-declaration.dto';

/** A declaration staff record for a supporter: made in writing, by phone or in person, or online elsewhere. */
export class CreateDeclarationDto extends GiftAidDeclarationDto {
  @ApiProperty({ enum: DECLARATION_METHODS, description: 'How the donor made it' })
  @IsIn(DECLARATION_METHODS)
  method!: DeclarationMethod;

  @ApiPropertyOptional({
    description: 'When the donor made it (date or date-time; default now); not in the future',
  })
  @IsOptional()
  @IsInstant()
  declaredAt?: string;

  @ApiProperty({
    enum: DECLARATION_SCOPES,
    description:
      "`this_gift`: only the gift named by donationId; `supporter_gifts`: the supporter's gifts from coversFrom (at most 4 years before declaredAt) and, with coversFuture, onwards",
  })
  @IsIn(DECLARATION_SCOPES)
  scope!: DeclarationScope;

  @ApiPropertyOptional({ format: 'uuid', description: "scope this_gift: the supporter's gift it is for" })
  @IsOptional()
  @IsUUID('all')
  donationId?: string;

  @ApiPropertyOptional({
    description:
      "scope supporter_gifts: covers gifts from this date (default declaredAt; at most 4 years before declaredAt, and no claim takes a gift past HMRC's time limit: 4 years after the end of the accounting period it was received in); a date alone is London midnight",
  })
  @IsOptional()
  @IsInstant()
  coversFrom?: string;

  @ApiPropertyOptional({
    description: 'scope supporter_gifts: also covers gifts made after declaredAt (default true)',
  })
  @IsOptional()
  @IsBoolean()
  coversFuture?: boolean;

  @ApiPropertyOptional({ description: "Where the evidence is: a form's reference, the call it was made on" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  evidenceNote?: string;
}

export class CancelDeclarationDto {
  @ApiPropertyOptional({
    description:
      'Gifts paid from this instant on are not covered (default now). An oral declaration cancelled within 30 days of its confirmation is treated as never made.',
  })
  @IsOptional()
  @IsInstant()
  from?: string;
}

export class SendConfirmationDto {
  @ApiProperty({
    enum: CONFIRMATION_CHANNELS,
    description: '`email`: sent now through the mailer; `post`: the printed letter was posted',
  })
  @IsIn(CONFIRMATION_CHANNELS)
  channel!: ConfirmationChannel;
}

export class DeclarationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supporterId!: string | null;
  @ApiProperty({ enum: DECLARATION_METHODS }) method!: DeclarationMethod;
  @ApiProperty({ enum: DECLARATION_SCOPES }) scope!: DeclarationScope;
  @ApiProperty() declaredAt!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty() firstName!: string;
  @ApiProperty() lastName!: string;
  @ApiProperty() houseNameOrNumber!: string;
  @ApiProperty() postcode!: string;
  @ApiProperty() wordingVersion!: string;
  @ApiProperty({ nullable: true, type: String }) coversFrom!: string | null;
  @ApiProperty() coversFuture!: boolean;
  @ApiProperty({ description: 'What it covers, in words for staff and the donor' }) coverage!: string;
  @ApiProperty({ nullable: true, type: String }) evidenceNote!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) confirmationSentAt!: string | null;
  @ApiProperty({ enum: CONFIRMATION_CHANNELS, nullable: true })
  confirmationChannel!: ConfirmationChannel | null;
  @ApiProperty({
    description: 'Oral, not cancelled, written confirmation not sent yet: not claimable until it is',
  })
  awaitingConfirmation!: boolean;
  @ApiProperty({ nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
}

export class DeclarationListDto {
  @ApiProperty({ type: [DeclarationDto] }) items!: DeclarationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AwaitingDeclarationDto extends DeclarationDto {
  @ApiProperty({ description: 'The supporter has an email address: the confirmation can be emailed' })
  canEmail!: boolean;
}

export class AwaitingDeclarationListDto {
  @ApiProperty({ type: [AwaitingDeclarationDto] }) items!: AwaitingDeclarationDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SentConfirmationsDto {
  @ApiProperty({ type: [String], description: 'Declarations whose confirmation was emailed now' })
  emailed!: string[];
  @ApiProperty({
    type: [String],
    description: 'Declarations whose supporter has no email address: print and post the letter',
  })
  needLetter!: string[];
}
