import { RequirePermission } from '@crm/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DashboardService } from './dashboard.service';
import { SubscribersDashboardDto } from './dto/subscribers-dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('supporters:read')
  @ApiOperation({ summary: 'Home screen figures: supporters, new subscribers in 30 days, failed imports.' })
  @ApiOkResponse({ type: SubscribersDashboardDto })
  figures(): Promise<SubscribersDashboardDto> {
    return this.dashboard.figures();
  }
}
