import { Suppression } from '@crm/entities';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, type Page, toPage } from '@crm/platform';
import { type CreateSuppressionDto, SuppressionDto, type SuppressionQueryDto } from './dto/suppression.dto';
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
    const builder = this.suppressions
      .createQueryBuilder('s')
      .orderBy('s.email_normalised', 'ASC')
      .limit(query.limit + 1);
    if (query.reason) builder.andWhere('s.reason = :reason', { reason: query.reason });
    if (query.email) {
      builder.andWhere('s.email_normalised LIKE :prefix', { prefix: likePrefix(normalise(query.email)) });
    }
    if (after) builder.andWhere('s.email_normalised > :after', { after: after.id });
    const rows = await builder.getMany();
    return toPage(rows, query.limit, (row) => ({ id: row.emailNormalised }), SuppressionDto.from);
  }

  /** Which of `emails` are suppressed, and why. */
  async suppressedAmong(emails: string[]): Promise<{ email: string; reason: string }[]> {
    return this.dataSource.query(
      `SELECT email_normalised AS email, reason FROM suppressions WHERE email_normalised = ANY($1::text[])`,
      [emails.map(normalise)],
    );
  }

  /** Idempotent: suppressing an address twice keeps the first reason. */
  async add(input: CreateSuppressionDto, staffName: string): Promise<SuppressionDto> {
    const email = normalise(input.email);
    await this.dataSource.query(
      `INSERT INTO suppressions (email_normalised, reason, source, created_by) VALUES ($1, $2, 'staff', $3)
       ON CONFLICT (email_normalised) DO NOTHING`,
      [email, input.reason ?? 'manual', staffName],
    );
    return SuppressionDto.from(await this.suppressions.findOneByOrFail({ emailNormalised: email }));
  }

  async remove(email: string): Promise<void> {
    const result = await this.suppressions.delete({ emailNormalised: normalise(email) });
    if (!result.affected) throw new NotFoundException(`${email} is not suppressed`);
  }
}
