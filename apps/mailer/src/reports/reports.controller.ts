import { RequirePermission } from '@crm/auth';
import { sendCsv, UuidParam } from '@crm/platform';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CampaignReportDto, EngagedPeopleQueryDto } from './dto/campaign-report.dto';
import { ReportsService } from './reports.service';

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns/:id/report')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @RequirePermission('campaigns:read')
  @ApiOperation({
    summary: 'What the email achieved: counts and rates, clicks per link, donations that followed.',
  })
  @ApiOkResponse({ type: CampaignReportDto })
  report(@UuidParam('id') id: string): Promise<CampaignReportDto> {
    return this.reports.report(id);
  }

  // Names and addresses of who opened or clicked: for the people who run campaigns, not viewers.
  @Get('people.csv')
  @RequirePermission('campaigns:write')
  @ApiOperation({
    summary:
      'The people who opened or clicked, with the first time, as CSV, streamed; cells cannot start a formula.',
  })
  @ApiProduces('text/csv')
  async people(
    @UuidParam('id') id: string,
    @Query() query: EngagedPeopleQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const lines = await this.reports.peopleCsv(id, query.event);
    await sendCsv(response, `campaign-${id}-${query.event}.csv`, lines);
  }
}
