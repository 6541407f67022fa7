import { CONTACT_STATUSES, type ContactStatus } from '@crm/entities';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** The bases staff may give; `fps_request` comes only with a recorded request, `merge` only from a merge. */
export const STAFF_BASES = ['consent', 'legitimate_interests', 'supporter_request'] as const;
export type StaffBasis = (typeof STAFF_BASES)[number];

export class ContactPreferenceChangeDto {
  @ApiProperty({ enum: CONTACT_STATUSES })
  @IsIn(CONTACT_STATUSES)
  status!: ContactStatus;

  @ApiProperty({
    enum: STAFF_BASES,
    description:
      'allowed: consent or legitimate_interests (not for email or SMS, which need consent under PECR); refused: supporter_request.',
  })
  @IsIn(STAFF_BASES)
  basis!: StaffBasis;

  @ApiPropertyOptional({ maxLength: 500, description: 'How it was given, e.g. "phone call on 3 Nov".' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

const change = (): PropertyDecorator => {
  const decorators = [
    ApiPropertyOptional({ type: ContactPreferenceChangeDto }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => ContactPreferenceChangeDto),
  ];
  return (target, property) => decorators.forEach((decorate) => decorate(target, property));
};

export class ContactPreferenceChangesDto {
  @change() email?: ContactPreferenceChangeDto;
  @change() post?: ContactPreferenceChangeDto;
  @change() phone?: ContactPreferenceChangeDto;
  @change() sms?: ContactPreferenceChangeDto;
}
