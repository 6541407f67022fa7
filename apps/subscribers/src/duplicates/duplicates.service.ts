import { Supporter } from '@crm/entities';
import { decodeCursor, encodeCursor, fieldError } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import { type DuplicatePairPosition, duplicatePairs } from './duplicates.queries';
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pair a cursor names; one this API did not issue is a 400 naming `cursor`. */
function pairAfter(cursor: string | undefined): DuplicatePairPosition | null {
  const position = decodeCursor(cursor, 'by-key');
  if (!position) return null;
  const [firstId = '', secondId = '', ...rest] = position.id.split(':');
  if (rest.length > 0 || !UUID.test(firstId) || !UUID.test(secondId)) {
    throw fieldError('cursor', 'not a cursor this API issued');
  }
  return { firstId, secondId };
}

/** Suggested pairs of duplicate supporter records, for staff to merge or leave. */
@Injectable()
export class DuplicatesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: DuplicatesQuery): Promise<DuplicatePairListDto> {
    const rows = await duplicatePairs(this.dataSource, {
      after: pairAfter(query.cursor),
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
