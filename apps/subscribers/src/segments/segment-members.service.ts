import {
  type MemberRow,
  type PreviewRow,
  SEGMENT_QUERY_SETTINGS,
  segmentMembersQuery,
  segmentPageQuery,
  segmentPreviewQuery,
  type SegmentRule,
  type SqlQuery,
} from '@crm/segments';
import { decodeCursor, type PageQueryDto, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { MemberDto, MemberListDto, PreviewDto } from './dto/member.dto';
import { SegmentTooSlowError } from './segments.errors';

const SAMPLE_SIZE = 20;
const EXPORT_BATCH = 2000;
/** A preview answers while staff type; past this, narrowing the rules is the better answer. */
const INTERACTIVE_TIMEOUT = "SET LOCAL statement_timeout = '20s'";

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
    const rows = await this.readOnly((runner) =>
      run<PreviewRow>(runner, segmentPreviewQuery(rule, SAMPLE_SIZE)),
    );
    const members = rows.filter((row): row is PreviewRow & MemberRow => row.id !== null);
    return { count: rows[0].count, mailable: rows[0].mailable, sample: members.map(toMemberDto) };
  }

  async members(rule: SegmentRule, page: PageQueryDto): Promise<MemberListDto> {
    const after = decodeCursor(page.cursor, 'by-id')?.id;
    const rows = await this.readOnly((runner) =>
      run<MemberRow>(runner, segmentPageQuery(rule, { after, limit: page.limit + 1 })),
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
      const query = segmentMembersQuery(rule);
      // The whole result is wanted, so plan for total time rather than the first rows.
      await runner.query('SET LOCAL cursor_tuple_fraction = 1');
      await runner.query(`DECLARE segment_members NO SCROLL CURSOR FOR ${query.text}`, query.values);
      for (;;) {
        const rows: MemberRow[] = await runner.query(`FETCH ${EXPORT_BATCH} FROM segment_members`);
        if (rows.length === 0) break;
        yield rows;
      }
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  private async readOnly<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = await this.openReadOnly();
    try {
      await runner.query(INTERACTIVE_TIMEOUT);
      const result = await work(runner);
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

  /** Segment SQL only ever reads: a read-only transaction makes that a database guarantee too. */
  private async openReadOnly(): Promise<QueryRunner> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('SET TRANSACTION READ ONLY');
    for (const setting of SEGMENT_QUERY_SETTINGS) await runner.query(setting);
    return runner;
  }
}

const run = <Row>(runner: QueryRunner, query: SqlQuery): Promise<Row[]> =>
  runner.query(query.text, query.values);
