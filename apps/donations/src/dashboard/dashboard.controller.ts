import { RequirePermission } from '@crm/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DashboardService } from './dashboard.service';
import { DonationsDashboardDto } from './dto/donations-dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('donations:read')
  @ApiOperation({
    summary:
      'Home screen figures: income this month and calendar year to date, monthly donors, Gift Aid claimable now.',
  })
  @ApiOkResponse({ type: DonationsDashboardDto })
  figures(): Promise<DonationsDashboardDto> {
    return this.dashboard.figures();
  }
}
