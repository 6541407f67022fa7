import { RequirePermission } from '@crm/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationPageDto, NotificationQueryDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @RequirePermission('campaigns:read')
  @ApiOperation({
    summary: 'Emails sent, failed or needing attention, newest first; poll with after=<nextCursor>.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(query);
  }
}
