import { PageQueryDto } from '@crm/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditLogService } from './audit-log.service';
import { AuditPageDto } from './dto/audit-log.dto';

/** Admin only (no permission named): the audit log of every app, newest first. */
@ApiTags('audit-log')
@ApiCookieAuth()
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: PageQueryDto): Promise<AuditPageDto> {
    return this.auditLog.list(query.limit, query.cursor);
  }
}
