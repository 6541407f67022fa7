import { RequirePermission } from '@crm/auth';
import { sendCsv } from '@crm/platform';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DonationsService } from './donations.service';
import { DonationPageDto } from './dto/donation.dto';
import { DonationSummaryDto } from './dto/donation-summary.dto';
import { DonationFiltersDto } from './dto/list-donations-query.dto';
import { PaidPeriodDto } from './dto/summary-query.dto';

@ApiTags('donations')
@ApiBearerAuth()
@Controller('donations')
export class DonationsController {
  constructor(private readonly donations: DonationsService) {}

  @Get()
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: DonationPageDto })
  list(@Query() filters: DonationFiltersDto): Promise<DonationPageDto> {
    return this.donations.list(filters);
  }

  @Get('summary')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: DonationSummaryDto })
  summary(@Query() query: PaidPeriodDto): Promise<DonationSummaryDto> {
    return this.donations.summary(query);
  }

  @Get('export.csv')
  @RequirePermission('donations:read')
  @ApiProduces('text/csv')
  export(@Query() filters: DonationFiltersDto, @Res() response: Response): Promise<void> {
    return sendCsv(response, 'donations.csv', this.donations.exportCsv(filters));
  }
}
