import { Supporter } from '@crm/entities';
import { createdAtPosition, decodeCursor, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, IsNull } from 'typeorm';
import type { ListSupportersQuery, SupporterListDto, SupporterListItemDto } from './dto/list-supporters.dto';
import type { UpdateSupporterDto } from './dto/update-supporter.dto';
import { SupporterErasedError, SupporterNotFoundError } from './supporters.errors';
import { searchSupporters, type SupporterListRow } from './supporters.queries';

const toItem = (row: SupporterListRow): SupporterListItemDto => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  tags: row.tags,
  source: row.source,
  subscriptionStatus: row.subscription_status,
  createdAt: row.created_at.toISOString(),
});

/** Staff search over supporters, and the fields staff may edit. Erased people are not listed. */
@Injectable()
export class SupportersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ListSupportersQuery): Promise<SupporterListDto> {
    const { limit } = query;
    const rows = await searchSupporters(this.dataSource, {
      q: query.q,
      tag: query.tag,
      status: query.status,
      after: decodeCursor(query.cursor, 'by-time'),
      take: limit + 1,
    });
    return toPage(rows, limit, createdAtPosition, toItem);
  }

  async update(id: string, changes: UpdateSupporterDto): Promise<void> {
    const supporters = this.dataSource.getRepository(Supporter);
    const row = await supporters.findOne({ where: { id }, select: { id: true, erasedAt: true } });
    if (!row) throw new SupporterNotFoundError(id);
    if (row.erasedAt) throw new SupporterErasedError(id);
    const tags = changes.tags && [...new Set(changes.tags.map((tag) => tag.trim()).filter(Boolean))];
    await supporters.update(
      { id, erasedAt: IsNull() },
      {
        ...(changes.firstName !== undefined && { firstName: changes.firstName?.trim() || null }),
        ...(changes.lastName !== undefined && { lastName: changes.lastName?.trim() || null }),
        ...(tags && { tags }),
        ...(changes.notes !== undefined && { notes: changes.notes ?? null }),
        updatedAt: () => 'now()',
      },
    );
  }
}
