import { Suppression } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { And, DataSource, type FindOperator, type FindOptionsWhere, In, Like, MoreThan } from 'typeorm';
import { decodeCursor, type Page, toPage } from '@crm/platform';
import { type CreateSuppressionDto, SuppressionDto, type SuppressionQueryDto } from './dto/suppression.dto';
import { SuppressionNotFoundError } from './suppressions.errors';
import { likePrefix, normaliseEmail as normalise } from '@crm/values';

/** Addresses that never receive marketing mail, whatever their subscription says. */
@Injectable()
export class SuppressionsService {
  constructor(private readonly dataSource: DataSource) {}

  private get suppressions() {
    return this.dataSource.getRepository(Suppression);
  }

  async list(query: SuppressionQueryDto): Promise<Page<SuppressionDto>> {
    const after = decodeCursor(query.cursor, 'by-key');
    const email: FindOperator<string>[] = [];
    if (query.email) email.push(Like(likePrefix(normalise(query.email))));
    if (after) email.push(MoreThan(after.id));
    const where: FindOptionsWhere<Suppression> = {
      ...(query.reason && { reason: query.reason }),
      ...(email.length > 0 && { emailNormalised: And(...email) }),
    };
    const rows = await this.suppressions.find({
      where,
      order: { emailNormalised: 'ASC' },
      take: query.limit + 1,
    });
    return toPage(rows, query.limit, (row) => ({ id: row.emailNormalised }), SuppressionDto.from);
  }

  /** Which of `emails` are suppressed, and why. */
  async suppressedAmong(emails: string[]): Promise<{ email: string; reason: string }[]> {
    const rows = await this.suppressions.find({
      select: { emailNormalised: true, reason: true },
      where: { emailNormalised: In(emails.map(normalise)) },
    });
    return rows.map((row) => ({ email: row.emailNormalised, reason: row.reason }));
  }

  /** Idempotent: suppressing an address twice keeps the first reason. */
  async add(input: CreateSuppressionDto, staffName: string): Promise<SuppressionDto> {
    const emailNormalised = normalise(input.email);
    await this.suppressions
      .createQueryBuilder()
      .insert()
      .values({ emailNormalised, reason: input.reason ?? 'manual', source: 'staff', createdBy: staffName })
      .orIgnore()
      .updateEntity(false)
      .execute();
    return SuppressionDto.from(await this.suppressions.findOneByOrFail({ emailNormalised }));
  }

  async remove(email: string): Promise<void> {
    const result = await this.suppressions.delete({ emailNormalised: normalise(email) });
    if (!result.affected) throw new SuppressionNotFoundError(email);
  }
}
