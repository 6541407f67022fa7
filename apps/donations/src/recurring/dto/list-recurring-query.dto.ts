import { RECURRING_STATUSES, type RecurringStatus } from '@crm/entities';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { DonorFiltersDto } from '../../common/donor-filters.dto';

export class ListRecurringQueryDto extends DonorFiltersDto {
  @ApiPropertyOptional({ enum: RECURRING_STATUSES })
  @IsOptional()
  @IsIn(RECURRING_STATUSES)
  status?: RecurringStatus;
}
