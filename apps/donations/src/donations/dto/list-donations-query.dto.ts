import {
  DONATION_FREQUENCIES,
  DONATION_STATUSES,
  type DonationFrequency,
  type DonationStatus,
} from '@crm/entities';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

/** Filters shared by the list and the CSV export. Dates filter on when the gift was paid. */
export class DonationFiltersDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supporterId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  campaign?: string;

  @ApiPropertyOptional({ enum: DONATION_STATUSES })
  @IsOptional()
  @IsIn(DONATION_STATUSES)
  status?: DonationStatus;

  @ApiPropertyOptional({ enum: DONATION_FREQUENCIES })
  @IsOptional()
  @IsIn(DONATION_FREQUENCIES)
  frequency?: DonationFrequency;

  @ApiPropertyOptional({ description: 'Paid at or after (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Paid before (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
