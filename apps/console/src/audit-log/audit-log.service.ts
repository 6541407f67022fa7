import { AuditEntry } from '@crm/entities';
import { decodeCursor, fieldError, type Page, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntryDto } from './dto/audit-log.dto';

/**
 * Every app's audit rows, newest first. Rows are numbered in the order they were written, so the
 * position after a page is the last row's number (the primary key answers the page).
 */
@Injectable()
export class AuditLogService {
  constructor(private readonly dataSource: DataSource) {}

  async list(limit: number, cursor: string | undefined): Promise<Page<AuditEntryDto>> {
    const after = decodeCursor(cursor, 'by-key');
    if (after && !/^\d{1,18}$/.test(after.id)) throw fieldError('cursor', 'not a cursor this API issued');
    const query = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .orderBy('entry.id', 'DESC')
      .limit(limit + 1);
    if (after) query.where('entry.id < :after', { after: after.id });
    return toPage(await query.getMany(), limit, (row) => ({ id: row.id }), AuditEntryDto.from);
  }
}
