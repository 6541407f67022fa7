import { Topic } from '@crm/entities';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, ILike, Not } from 'typeorm';
import type { CreateTopicDto, TopicDto, TopicListDto, UpdateTopicDto } from './dto/topic.dto';
import { TopicNameTakenError, TopicNotFoundError } from './topics.errors';
import { topicsWithCounts } from './topics.queries';

/** The topics staff define for supporters to choose on the preference page. */
@Injectable()
export class TopicsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(): Promise<TopicListDto> {
    const rows = await topicsWithCounts(this.dataSource.manager);
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        softOptIn: row.soft_opt_in,
        joinedByDefault: row.joined_by_default,
        subscribers: row.subscribers,
      })),
    };
  }

  async create(input: CreateTopicDto): Promise<TopicDto> {
    await this.refuseTakenName(input.name);
    const saved = await this.dataSource.getRepository(Topic).save({
      name: input.name,
      description: input.description ?? '',
      softOptIn: input.softOptIn ?? false,
    });
    return this.one(saved.id);
  }

  async update(id: string, input: UpdateTopicDto): Promise<TopicDto> {
    const repository = this.dataSource.getRepository(Topic);
    if (!(await repository.existsBy({ id }))) throw new TopicNotFoundError(id);
    if (input.name !== undefined) await this.refuseTakenName(input.name, id);
    const changes: Partial<Topic> = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.softOptIn !== undefined ? { softOptIn: input.softOptIn } : {}),
    };
    if (Object.keys(changes).length > 0) await repository.update({ id }, changes);
    return this.one(id);
  }

  private async one(id: string): Promise<TopicDto> {
    const topic = (await this.list()).items.find((item) => item.id === id);
    if (!topic) throw new TopicNotFoundError(id);
    return topic;
  }

  /** Names are unique whatever their case: "appeals" beside "Appeals" would confuse supporters. */
  private async refuseTakenName(name: string, exceptId?: string): Promise<void> {
    const taken = await this.dataSource.getRepository(Topic).existsBy({
      name: ILike(name.replace(/[\\%_]/g, '\\$&')),
      ...(exceptId ? { id: Not(exceptId) } : {}),
    });
    if (taken) throw new TopicNameTakenError(name);
  }
}
