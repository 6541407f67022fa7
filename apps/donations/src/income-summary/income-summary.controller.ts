import { RequirePermission } from '@crm/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IncomeSummaryDto } from './income-summary.dto';
import { IncomeSummaryService } from './income-summary.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('income-summary')
export class IncomeSummaryController {
  constructor(private readonly income: IncomeSummaryService) {}

  @Get()
  @RequirePermission('donations:read')
  @ApiOperation({
    summary:
      'Income charts: per month this year against last year, one-off against monthly, by campaign (pounds).',
  })
  @ApiOkResponse({ type: IncomeSummaryDto })
  summary(): Promise<IncomeSummaryDto> {
    return this.income.summary();
  }
}
