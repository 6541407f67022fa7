import { Module } from '@nestjs/common';
import { TagsController } from './tags.controller';
import { TagsService } from './tags.service';

/** The tags supporters carry, for autocomplete. */
@Module({ controllers: [TagsController], providers: [TagsService] })
export class TagsModule {}
