import { Supporter } from '@crm/entities';
import { decodeCursor, encodeCursor } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import { duplicatePairs } from './duplicates.queries';
import type { DuplicatePairListDto, DuplicatesQuery, DuplicateSupporterDto } from './dto/duplicates.dto';

const toSupporter = (supporter: Supporter): DuplicateSupporterDto => ({
  id: supporter.id,
  email: supporter.email,
  firstName: supporter.firstName,
  lastName: supporter.lastName,
  postcode: supporter.postcode,
  phone: supporter.phone,
  createdAt: supporter.createdAt.toISOString(),
});

/** Suggested pairs of duplicate supporter records, for staff to merge or leave. */
@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: DuplicatesQuery): Promise<DuplicatePairListDto> {
    const rows = await duplicatePairs(this.dataSource, {
      after: decodeCursor(query.cursor, 'by-key'),
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const ids = [...new Set(page.flatMap((row) => [row.first_id, row.second_id]))];
    const supporters = ids.length
      ? await this.dataSource.getRepository(Supporter).findBy({ id: In(ids) })
      : [];
    const byId = new Map(supporters.map((supporter) => [supporter.id, toSupporter(supporter)]));
    const last = page[page.length - 1];
    return {
      items: page.map((row) => ({
        reasons: row.reasons,
        supporters: [byId.get(row.first_id)!, byId.get(row.second_id)!].sort((a, b) =>
          a.createdAt.localeCompare(b.createdAt),
        ),
      })),
      nextCursor:
        rows.length > query.limit && last ? encodeCursor({ id: `${last.first_id}:${last.second_id}` }) : null,
    };
  }
}
