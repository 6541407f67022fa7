import { RequirePermission } from '@crm/auth';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DashboardService } from './dashboard.service';
import { MailerDashboardDto } from './dto/mailer-dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('campaigns:read')
  @ApiOperation({
    summary:
      'Home screen figures: the last sent campaign, campaigns with uncertain or failed batches, failed jobs.',
  })
  @ApiOkResponse({ type: MailerDashboardDto })
  figures(): Promise<MailerDashboardDto> {
    return this.dashboard.figures();
  }
}
