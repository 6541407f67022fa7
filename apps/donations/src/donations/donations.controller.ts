import { RequirePermission } from '@crm/auth';
import { sendCsv, UuidParam } from '@crm/platform';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DonationsService } from './donations.service';
import { DonationDto, DonationPageDto } from './dto/donation.dto';
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

  // After summary and export.csv, so those words are never read as an id.
  @Get(':id')
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: DonationDto })
  get(@UuidParam('id') id: string): Promise<DonationDto> {
    return this.donations.get(id);
  }
}
