import {
  DONATION_FREQUENCIES,
  DONATION_METHODS,
  DONATION_STATUSES,
  type DonationFrequency,
  type DonationMethod,
  type DonationStatus,
} from '@crm/entities';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DonorFiltersDto } from '../../common/donor-filters.dto';
import { PaidPeriodDto } from './summary-query.dto';

/** Filters shared by the list and the CSV export. */
export class DonationFiltersDto extends IntersectionType(DonorFiltersDto, PaidPeriodDto) {
  @ApiPropertyOptional({ enum: DONATION_STATUSES })
  @IsOptional()
  @IsIn(DONATION_STATUSES)
  status?: DonationStatus;

  @ApiPropertyOptional({ enum: DONATION_FREQUENCIES })
  @IsOptional()
  @IsIn(DONATION_FREQUENCIES)
  frequency?: DonationFrequency;

  @ApiPropertyOptional({ enum: DONATION_METHODS })
  @IsOptional()
  @IsIn(DONATION_METHODS)
  method?: DonationMethod;
}
