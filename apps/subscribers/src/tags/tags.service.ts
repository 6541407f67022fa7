import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TagListDto, TagsQueryDto } from './dto/tags.dto';
import { type TagUse, tagsInUse } from './tags.queries';

/** Listing the tags reads every supporter's tags (a scan), so the list is kept for a minute. */
const FRESH_FOR_MS = 60_000;
/** More distinct tags than this are not offered (the least used drop off). */
const MOST_TAGS = 5_000;

/** The tags in use, for autocomplete in the audience builder and elsewhere. */
@Injectable()
export class TagsService {
  private cached?: { at: number; tags: Promise<TagUse[]> };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(query: TagsQueryDto): Promise<TagListDto> {
    const needle = query.q?.trim().toLowerCase() ?? '';
    const tags = await this.all();
    const matching = tags.filter(({ tag }) => tag.toLowerCase().includes(needle));
    const starting = matching.filter(({ tag }) => tag.toLowerCase().startsWith(needle));
    const inside = matching.filter(({ tag }) => !tag.toLowerCase().startsWith(needle));
    return { items: [...starting, ...inside].slice(0, query.limit) };
  }

  private all(): Promise<TagUse[]> {
    if (!this.cached || Date.now() - this.cached.at >= FRESH_FOR_MS) {
      const tags = tagsInUse(this.dataSource.manager, MOST_TAGS);
      // A failed read is not kept: the next request tries again.
      tags.catch(() => (this.cached = undefined));
      this.cached = { at: Date.now(), tags };
    }
    return this.cached.tags;
  }
}
