import { Module } from '@nestjs/common';
import { TopicsController } from './topics.controller';
import { TopicsService } from './topics.service';

/** Email topics (Newsletter, Appeals, …) staff define and supporters choose. */
@Module({ controllers: [TopicsController], providers: [TopicsService] })
export class TopicsModule {}
