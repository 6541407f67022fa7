import { RECURRING_STATUSES, type RecurringStatus } from '@crm/entities';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

export class ListRecurringQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RECURRING_STATUSES })
  @IsOptional()
  @IsIn(RECURRING_STATUSES)
  status?: RecurringStatus;

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
}
