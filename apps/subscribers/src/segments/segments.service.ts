import { Campaign, type CampaignStatus, Segment } from '@crm/entities';
import { parseSegmentRules, type SegmentRule } from '@crm/segments';
import { decodeCursor, type PageQueryDto, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, In } from 'typeorm';
import type { SaveSegmentDto, SegmentDto, SegmentListDto } from './dto/segment.dto';
import { SegmentConflictError, SegmentNotFoundError } from './segments.errors';

const LIVE_CAMPAIGN_STATUSES: CampaignStatus[] = ['draft', 'scheduled', 'sending'];

export const toSegmentDto = (segment: Segment): SegmentDto => ({
  id: segment.id,
  name: segment.name,
  description: segment.description,
  rules: segment.rules,
  builtin: segment.builtin,
  createdAt: segment.createdAt.toISOString(),
  updatedAt: segment.updatedAt.toISOString(),
});

const isUniqueViolation = (error: unknown): boolean =>
  (error as { driverError?: { code?: string } }).driverError?.code === '23505';

/** Saved segments: validated rule trees with a unique name; built-in ones are read-only. */
@Injectable()
export class SegmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(page: PageQueryDto): Promise<SegmentListDto> {
    const after = decodeCursor(page.cursor, 'by-key')?.id;
    const query = this.dataSource
      .getRepository(Segment)
      .createQueryBuilder('segment')
      .orderBy('segment.name');
    if (after !== undefined) query.where('segment.name > :after', { after });
    const rows = await query.take(page.limit + 1).getMany();
    return toPage(rows, page.limit, (segment) => ({ id: segment.name }), toSegmentDto);
  }

  async get(id: string): Promise<Segment> {
    const segment = await this.dataSource.getRepository(Segment).findOneBy({ id });
    if (!segment) throw new SegmentNotFoundError(id);
    return segment;
  }

  /** The stored rules of a segment, validated again in case the language moved on since it was saved. */
  async rulesOf(id: string): Promise<SegmentRule> {
    return parseSegmentRules((await this.get(id)).rules);
  }

  async create(input: SaveSegmentDto): Promise<Segment> {
    const rules = parseSegmentRules(input.rules);
    return this.saveUniquelyNamed(input.name, () =>
      this.dataSource.getRepository(Segment).save({
        name: input.name,
        description: input.description ?? null,
        rules,
        builtin: false,
      }),
    );
  }

  async update(id: string, input: SaveSegmentDto): Promise<Segment> {
    const rules = parseSegmentRules(input.rules);
    const segment = await this.get(id);
    if (segment.builtin) throw builtinError(segment);
    return this.saveUniquelyNamed(input.name, () =>
      this.dataSource
        .getRepository(Segment)
        .save({ ...segment, name: input.name, description: input.description ?? null, rules }),
    );
  }

  async remove(id: string): Promise<void> {
    const segment = await this.get(id);
    if (segment.builtin) throw builtinError(segment);
    const inUse = await this.dataSource
      .getRepository(Campaign)
      .existsBy({ segmentId: id, status: In(LIVE_CAMPAIGN_STATUSES) });
    if (inUse) {
      throw new SegmentConflictError(
        'segment_in_use',
        `Segment ${id} is the audience of a campaign not yet sent`,
      );
    }
    await this.dataSource.getRepository(Segment).delete({ id });
  }

  private async saveUniquelyNamed(name: string, save: () => Promise<Segment>): Promise<Segment> {
    try {
      return await save();
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new SegmentConflictError('segment_name_taken', `A segment named "${name}" already exists`, [
          { field: 'name', messages: ['already used by another segment'] },
        ]);
      }
      throw error;
    }
  }
}

const builtinError = (segment: Segment): SegmentConflictError =>
  new SegmentConflictError(
    'segment_builtin',
    `"${segment.name}" is a built-in segment and cannot be changed or deleted`,
  );
