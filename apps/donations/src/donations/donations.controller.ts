import { Readable } from 'node:stream';
import { RequirePermission } from '@crm/auth';
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  export(@Query() filters: DonationFiltersDto): StreamableFile {
    return new StreamableFile(Readable.from(this.donations.exportCsv(filters)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="donations.csv"',
    });
  }
}
