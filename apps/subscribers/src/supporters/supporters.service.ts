import type { SubscriptionStatus } from '@crm/entities';
import { createdAtPosition, decodeCursor, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ListSupportersQuery, SupporterListDto, SupporterListItemDto } from './dto/list-supporters.dto';
import type { UpdateSupporterDto } from './dto/update-supporter.dto';
import { SupporterErasedError, SupporterNotFoundError } from './supporters.errors';
import { supporterSearchQuery } from './supporters.queries';

interface SupporterRow {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  tags: string[];
  source: string | null;
  subscription_status: SubscriptionStatus | null;
  created_at: Date;
}

const toItem = (row: SupporterRow): SupporterListItemDto => ({
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
    const search = supporterSearchQuery({
      q: query.q,
      tag: query.tag,
      status: query.status,
      after: decodeCursor(query.cursor, 'by-time'),
      take: limit + 1,
    });
    const rows = (await this.dataSource.query(search.text, search.values)) as SupporterRow[];
    return toPage(rows, limit, createdAtPosition, toItem);
  }

  async update(id: string, changes: UpdateSupporterDto): Promise<void> {
    const [row] = (await this.dataSource.query(`SELECT erased_at FROM supporters WHERE id = $1`, [id])) as {
      erased_at: Date | null;
    }[];
    if (!row) throw new SupporterNotFoundError(id);
    if (row.erased_at) throw new SupporterErasedError(id);
    const tags = changes.tags && [...new Set(changes.tags.map((tag) => tag.trim()).filter(Boolean))];
    await this.dataSource.query(
      `UPDATE supporters
          SET first_name = CASE WHEN $2 THEN $3 ELSE first_name END,
              last_name = CASE WHEN $4 THEN $5 ELSE last_name END,
              tags = COALESCE($6, tags),
              notes = CASE WHEN $7 THEN $8 ELSE notes END,
              updated_at = now()
        WHERE id = $1 AND erased_at IS NULL`,
      [
        id,
        changes.firstName !== undefined,
        changes.firstName?.trim() || null,
        changes.lastName !== undefined,
        changes.lastName?.trim() || null,
        tags ?? null,
        changes.notes !== undefined,
        changes.notes ?? null,
      ],
    );
  }
}
