import { Segment } from '@crm/entities';
import { parseSegmentRules, type SegmentRule } from '@crm/segments';
import { decodeCursor, type PageQueryDto, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AudienceUseService, describeUsers } from '../audience-use/audience-use.service';
import type { SaveSegmentDto, SegmentDto, SegmentListDto } from './dto/segment.dto';
import { SegmentSizesService } from './segment-sizes.service';
import { SegmentConflictError, SegmentNotFoundError } from './segments.errors';

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
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sizes: SegmentSizesService,
    private readonly uses: AudienceUseService,
  ) {}

  /** A page by name, each with its current size and the emails relying on it. */
  async list(page: PageQueryDto): Promise<SegmentListDto> {
    const after = decodeCursor(page.cursor, 'by-key')?.id;
    const query = this.dataSource
      .getRepository(Segment)
      .createQueryBuilder('segment')
      .orderBy('segment.name');
    if (after !== undefined) query.where('segment.name > :after', { after });
    const rows = await query.take(page.limit + 1).getMany();
    const shown = rows.slice(0, page.limit);
    const ids = shown.map((segment) => segment.id);
    const [sizes, users] = await Promise.all([this.sizes.sizesOf(shown), this.uses.usersOf(ids)]);
    return toPage(
      rows,
      page.limit,
      (segment) => ({ id: segment.name }),
      (segment) => {
        const size = sizes.get(segment.id);
        return {
          ...toSegmentDto(segment),
          size: size ? { ...size, countedAt: size.countedAt.toISOString() } : null,
          usedBy: (users.get(segment.id) ?? []).map(({ campaignName, how }) => ({ campaignName, how })),
        };
      },
    );
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
    const users = (await this.uses.usersOf([id])).get(id) ?? [];
    if (users.length > 0) {
      throw new SegmentConflictError(
        'segment_in_use',
        describeUsers(users),
        users.map(({ campaignName, how }) => ({ campaignName, how })),
      );
    }
    await this.dataSource.getRepository(Segment).delete({ id });
    this.sizes.forget(id);
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
