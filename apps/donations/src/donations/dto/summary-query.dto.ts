import { IsInstant, IsNotBefore } from '@crm/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** A window on when gifts were paid. */
export class PaidPeriodDto {
  @ApiPropertyOptional({ description: 'Paid at or after (ISO-8601)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({
    description: 'Paid before (ISO-8601); a date alone (2026-12-02) includes that whole day',
  })
  @IsOptional()
  @IsInstant()
  @IsNotBefore('from')
  to?: string;
}
