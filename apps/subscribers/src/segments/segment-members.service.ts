import type { CountRow, MemberRow, PreviewRow, SegmentRule } from '@crm/segments';
import { decodeCursor, type PageQueryDto, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { MemberDto, MemberListDto, PreviewDto } from './dto/member.dto';
import { SegmentTooSlowError } from './segments.errors';
import {
  countRow,
  fetchMembers,
  memberPage,
  openMembersCursor,
  previewRows,
  useInteractiveTimeout,
  useSegmentReadSettings,
} from './segments.queries';

const SAMPLE_SIZE = 20;
const EXPORT_BATCH = 2000;

const toMemberDto = (row: MemberRow): MemberDto => ({
  id: row.id,
  firstName: row.first_name,
  lastName: row.last_name,
  email: row.email,
  source: row.source,
  tags: row.tags,
  createdAt: row.created_at.toISOString(),
});

const isTimeout = (error: unknown): boolean =>
  (error as { driverError?: { code?: string } }).driverError?.code === '57014';

/** Who matches a rule tree: live counts, a sample, cursor pages and a streamed export. */
@Injectable()
export class SegmentMembersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async preview(rule: SegmentRule): Promise<PreviewDto> {
    const rows = await this.readOnly((manager) => previewRows(manager, rule, SAMPLE_SIZE));
    const members = rows.filter((row): row is PreviewRow & MemberRow => row.id !== null);
    return { count: rows[0].count, mailable: rows[0].mailable, sample: members.map(toMemberDto) };
  }

  /** How many match and how many of those may be mailed now. */
  count(rule: SegmentRule): Promise<CountRow> {
    return this.readOnly((manager) => countRow(manager, rule));
  }

  async members(rule: SegmentRule, page: PageQueryDto): Promise<MemberListDto> {
    const after = decodeCursor(page.cursor, 'by-id')?.id;
    const rows = await this.readOnly((manager) =>
      memberPage(manager, rule, { after, limit: page.limit + 1 }),
    );
    return toPage(rows, page.limit, (row) => ({ id: row.id }), toMemberDto);
  }

  /**
   * Every member in id order, in batches from one server-side cursor, so a million-member segment
   * is evaluated once and never held in memory.
   */
  async *exportMembers(rule: SegmentRule): AsyncGenerator<MemberRow[]> {
    const runner = await this.openReadOnly();
    try {
      await openMembersCursor(runner.manager, rule);
      for (;;) {
        const rows = await fetchMembers(runner.manager, EXPORT_BATCH);
        if (rows.length === 0) break;
        yield rows;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async readOnly<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = await this.openReadOnly();
    try {
      await useInteractiveTimeout(runner.manager);
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (isTimeout(error)) throw new SegmentTooSlowError();
      throw error;
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** A read-only transaction with the segment settings (see useSegmentReadSettings). */
  private async openReadOnly(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await useSegmentReadSettings(runner.manager);
    return runner;
  }
}
