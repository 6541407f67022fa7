import { AuditEntry } from '@crm/entities';
import { decodeCursor, fieldError, PageQueryDto, toPage } from '@crm/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditEntryDto, AuditPageDto } from './dto/audit-log.dto';

/**
 * Admin only: the audit log of every app, newest first. Rows are numbered in the order they were
 * written, so the position after a page is the last row's number.
 */
@ApiTags('audit-log')
@ApiCookieAuth()
@Controller('api/audit-log')
export class AuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: PageQueryDto): Promise<AuditPageDto> {
    const after = decodeCursor(query.cursor, 'by-key');
    if (after && !/^\d{1,19}$/.test(after.id)) throw fieldError('cursor', 'not a cursor this API issued');
    const rows = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .where(after ? 'entry.id < :after' : 'true', after ? { after: after.id } : {})
      .orderBy('entry.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    return toPage(rows, query.limit, (row) => ({ id: row.id }), AuditEntryDto.from);
  }
}
