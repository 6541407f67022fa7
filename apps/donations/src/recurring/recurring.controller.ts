import { RequirePermission } from '@crm/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListRecurringQueryDto } from './dto/list-recurring-query.dto';
import { RecurringDonationPageDto } from './dto/recurring-donation.dto';
import { RecurringService } from './recurring.service';

@ApiTags('recurring')
@ApiBearerAuth()
@Controller('recurring')
export class RecurringController {
  constructor(private readonly recurring: RecurringService) {}

  @Get()
  @RequirePermission('donations:read')
  @ApiOkResponse({ type: RecurringDonationPageDto })
  list(@Query() query: ListRecurringQueryDto): Promise<RecurringDonationPageDto> {
    return this.recurring.list(query);
  }
}
